using BatchWorkers.Training.Trainers;

namespace BatchWorkers.Training.Checkpoints;

/// <summary>
/// Everything besides the weights that a resumed run needs to carry on exactly where the last one stopped.
/// Shuffling and augmentation are re-derived from (seed, epoch), so no random generator state is stored.
/// </summary>
/// <param name="Epoch">The last completed epoch (1-based).</param>
/// <param name="Seed">The run's seed; a resume with another seed is refused.</param>
/// <param name="History">Metrics of epochs 1..Epoch.</param>
/// <param name="BestEpoch">Epoch with the lowest held-out loss so far.</param>
/// <param name="BestHeldOutLoss">That loss.</param>
/// <param name="EpochsWithoutImprovement">Epochs since the best one, for early stopping.</param>
/// <param name="StoppedEarly">Whether early stopping already ended the run.</param>
public sealed record CheckpointState(
    int Epoch,
    int Seed,
    IReadOnlyList<EpochMetrics> History,
    int BestEpoch,
    double BestHeldOutLoss,
    int EpochsWithoutImprovement,
    bool StoppedEarly);
