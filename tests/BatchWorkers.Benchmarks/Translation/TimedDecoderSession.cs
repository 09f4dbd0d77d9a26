using System.Diagnostics;
using BatchWorkers.Seq2Seq.Generation;

namespace BatchWorkers.Benchmarks.Translation;

/// <summary>
/// Passes every call on to a decoder session and adds up the time spent in it (building the step's inputs,
/// the ONNX Runtime run, keeping the key/value cache, copying out the logits), so a generation's time splits into
/// decoder steps and the search around them (log-softmax, logits processors, choosing tokens).
/// </summary>
public sealed class TimedDecoderSession(IDecoderSession inner) : IDecoderSession
{
    public TimeSpan Elapsed { get; private set; }

    public int BatchSize => inner.BatchSize;

    public Logits Step(IReadOnlyList<IReadOnlyList<int>> sequences, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return inner.Step(sequences, cancellationToken);
        }
        finally
        {
            Elapsed += Stopwatch.GetElapsedTime(started);
        }
    }

    public void SelectRows(ReadOnlySpan<int> parents)
    {
        var started = Stopwatch.GetTimestamp();
        inner.SelectRows(parents);
        Elapsed += Stopwatch.GetElapsedTime(started);
    }
}
