using BatchWorkers.Training.Checkpoints;

namespace BatchWorkers.Training.Trainers;

/// <summary>Tracks the best held-out loss and decides when patience has run out.</summary>
internal static class EarlyStopping
{
    /// <summary>The state after <paramref name="metrics"/>'s epoch, given the state before it (null at the start).</summary>
    public static CheckpointState Next(CheckpointState? previous, EpochMetrics metrics, TrainingOptions options)
    {
        var history = (previous?.History ?? []).Append(metrics).ToList();
        var improved = previous is null || metrics.HeldOutLoss < previous.BestHeldOutLoss - options.EarlyStoppingMinDelta;
        var (bestEpoch, bestLoss, waited) = improved
            ? (metrics.Epoch, metrics.HeldOutLoss, 0)
            : (previous!.BestEpoch, previous.BestHeldOutLoss, previous.EpochsWithoutImprovement + 1);
        var stop = options.EarlyStoppingPatience is { } patience && waited >= patience && metrics.Epoch < options.Epochs;
        return new CheckpointState(metrics.Epoch, options.Seed, history, bestEpoch, bestLoss, waited, stop);
    }
}
