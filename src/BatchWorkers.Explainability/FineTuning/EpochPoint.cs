namespace BatchWorkers.Explainability.FineTuning;

/// <summary>
/// One epoch of a training run, as the trainer's EpochMetrics records it (the same names, so the worker's metrics
/// JSON binds directly).
/// </summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainLoss">Mean training loss over the epoch.</param>
/// <param name="TrainAccuracy">Share of training images classified right, in [0, 1].</param>
/// <param name="HeldOutLoss">Mean loss on the held-out images.</param>
/// <param name="HeldOutAccuracy">Share of held-out images classified right, in [0, 1].</param>
public sealed record EpochPoint(int Epoch, double TrainLoss, double TrainAccuracy, double HeldOutLoss, double HeldOutAccuracy);
