using BatchWorkers.Training.Trainers;

namespace BatchWorkers.Training.Tests.Support;

/// <summary>Records progress synchronously (Progress&lt;T&gt; would post to the thread pool) and can act on a report.</summary>
internal sealed class ProgressRecorder(Action<TrainingProgress>? onReport = null) : IProgress<TrainingProgress>
{
    private readonly List<TrainingProgress> _reports = [];

    public IReadOnlyList<TrainingProgress> Reports => _reports;

    public IEnumerable<EpochMetrics> CompletedEpochs => _reports.Select(r => r.CompletedEpoch).OfType<EpochMetrics>();

    public void Report(TrainingProgress value)
    {
        _reports.Add(value);
        onReport?.Invoke(value);
    }
}
