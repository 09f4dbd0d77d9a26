namespace BatchWorkers.Training.Trainers;

/// <summary>Reported after every training step, and once more when an epoch's checkpoint is written.</summary>
/// <param name="Epoch">1-based epoch in progress.</param>
/// <param name="TotalEpochs">Epochs planned (early stopping may end sooner).</param>
/// <param name="Step">1-based step within the epoch.</param>
/// <param name="StepsPerEpoch">Steps in each epoch.</param>
/// <param name="Loss">This step's mean loss.</param>
/// <param name="Accuracy">This step's batch accuracy, in [0, 1].</param>
public sealed record TrainingProgress(int Epoch, int TotalEpochs, int Step, int StepsPerEpoch, double Loss, double Accuracy)
{
    /// <summary>Set on the report that closes an epoch: its metrics, already checkpointed.</summary>
    public EpochMetrics? CompletedEpoch { get; init; }
}
