namespace BatchWorkers.Training.Trainers;

/// <summary>What one epoch achieved.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainLoss">Mean cross-entropy over the epoch's (augmented) training batches.</param>
/// <param name="TrainAccuracy">Share of training images classified right while training, in [0, 1].</param>
/// <param name="HeldOutLoss">Mean cross-entropy on the held-out images, eval mode.</param>
/// <param name="HeldOutAccuracy">Share of held-out images classified right, in [0, 1].</param>
/// <param name="Seconds">Wall-clock time the epoch took, evaluation included.</param>
public sealed record EpochMetrics(
    int Epoch, double TrainLoss, double TrainAccuracy, double HeldOutLoss, double HeldOutAccuracy, double Seconds);
