using BatchWorkers.Training.Datasets;
using BatchWorkers.Training.Models;
using BatchWorkers.Training.Trainers;

namespace BatchWorkers.Training.Tests.Support;

/// <summary>A deliberately small setup for tests about the training loop's mechanics, not about accuracy.</summary>
internal static class TinyTraining
{
    public static DatasetSplit Data { get; } =
        ShapesDataset.Generate(new ShapesDatasetOptions { ImageSize = 16, TrainCount = 96, HeldOutCount = 24 });

    public static CompactCnnOptions Model { get; } = new() { ImageSize = 16, BlockChannels = [8, 16] };

    // 6 steps per epoch; no early stopping, so every run has a known number of epochs.
    public static TrainingOptions Options { get; } = new() { Epochs = 4, BatchSize = 16, EarlyStoppingPatience = null, Seed = 5, CpuThreads = 1 };
}
