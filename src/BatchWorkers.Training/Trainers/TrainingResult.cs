using BatchWorkers.Training.Models;

namespace BatchWorkers.Training.Trainers;

/// <summary>The outcome of <see cref="ClassifierTrainer.Train"/>.</summary>
/// <param name="Model">The trained model in eval mode on <paramref name="Device"/>; the caller owns (disposes) it.</param>
/// <param name="History">Metrics of every epoch, including those run before a resume.</param>
/// <param name="BestEpoch">Epoch with the lowest held-out loss.</param>
/// <param name="StoppedEarly">Whether early stopping ended training before the planned epochs.</param>
/// <param name="ResumedAfterEpoch">The checkpoint's epoch this run continued from; 0 when it started fresh.</param>
/// <param name="Device">Where it trained: "cpu" or "cuda".</param>
public sealed record TrainingResult(
    CompactCnn Model,
    IReadOnlyList<EpochMetrics> History,
    int BestEpoch,
    bool StoppedEarly,
    int ResumedAfterEpoch,
    string Device)
{
    /// <summary>Metrics of the best epoch (whose weights the model holds when RestoreBestWeights is on).</summary>
    public EpochMetrics Best => History.Single(metrics => metrics.Epoch == BestEpoch);
}
