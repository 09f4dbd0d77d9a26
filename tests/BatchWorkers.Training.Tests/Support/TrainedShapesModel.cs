using BatchWorkers.Training.Datasets;
using BatchWorkers.Training.Models;
using BatchWorkers.Training.Trainers;

namespace BatchWorkers.Training.Tests.Support;

/// <summary>Trains once on the synthetic shapes and shares the model with every test in <see cref="TorchCollection"/>.</summary>
public sealed class TrainedShapesModel : IDisposable
{
    private readonly TemporaryDirectory _checkpoints = new();

    public TrainedShapesModel()
    {
        Data = ShapesDataset.Generate(new ShapesDatasetOptions { TrainCount = 600, HeldOutCount = 150 });
        Progress = new ProgressRecorder();
        var started = TimeProvider.System.GetTimestamp();
        Result = new ClassifierTrainer(Options).Train(ModelOptions, Data, _checkpoints.Path, Progress);
        Elapsed = TimeProvider.System.GetElapsedTime(started);
    }

    public static CompactCnnOptions ModelOptions { get; } = new() { ClassCount = 3, ImageSize = 32 };

    // One libtorch thread: CI runs test projects side by side on two cores, and spinning OpenMP threads then slow
    // training several-fold (measured: 3 s with one thread against 11–15 s with two on a busy machine).
    public static TrainingOptions Options { get; } = new() { Epochs = 20, EarlyStoppingPatience = 4, Seed = 11, CpuThreads = 1 };

    public DatasetSplit Data { get; }

    public TrainingResult Result { get; }

    public CompactCnn Model => Result.Model;

    internal ProgressRecorder Progress { get; }

    public TimeSpan Elapsed { get; }

    public void Dispose()
    {
        Result.Model.Dispose();
        _checkpoints.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class TorchCollection : ICollectionFixture<TrainedShapesModel>
{
    public const string Name = "TorchSharp";
}
