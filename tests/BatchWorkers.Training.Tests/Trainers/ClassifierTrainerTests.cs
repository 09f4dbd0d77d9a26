using BatchWorkers.Training.Checkpoints;
using BatchWorkers.Training.Tests.Support;
using BatchWorkers.Training.Trainers;
using TorchSharp;
using Xunit.Abstractions;

namespace BatchWorkers.Training.Tests.Trainers;

[Collection(TorchCollection.Name)]
public sealed class ClassifierTrainerTests(TrainedShapesModel trained, ITestOutputHelper output)
{
    [Fact]
    public void Train_ShapesFromScratch_ReachesHighHeldOutAccuracy()
    {
        output.WriteLine($"Trained {trained.Result.History.Count} epochs in {trained.Elapsed.TotalSeconds:F1} s on {trained.Result.Device}.");
        foreach (var epoch in trained.Result.History)
        {
            output.WriteLine(epoch.ToString());
        }

        Assert.True(trained.Result.Best.HeldOutAccuracy >= 0.9, $"Best held-out accuracy {trained.Result.Best.HeldOutAccuracy:P1}.");
        Assert.Equal(Enumerable.Range(1, trained.Result.History.Count), trained.Result.History.Select(e => e.Epoch));
    }

    [Fact]
    public void Train_Progress_ReportsEveryStepAndEachCompletedEpoch()
    {
        var steps = (int)Math.Ceiling(trained.Data.Train.Count / (double)TrainedShapesModel.Options.BatchSize);
        var reports = trained.Progress.Reports;

        Assert.Equal(trained.Result.History.Count * (steps + 1), reports.Count);
        Assert.Equal(trained.Result.History, trained.Progress.CompletedEpochs);
        Assert.All(reports, report => Assert.Equal(steps, report.StepsPerEpoch));
        Assert.Equal(Enumerable.Range(1, steps), reports.Where(r => r.Epoch == 1 && r.CompletedEpoch is null).Select(r => r.Step));
    }

    [Fact]
    public void Train_CancelledMidEpoch_StopsWithinAStepAndKeepsLastEpochCheckpoint()
    {
        using var folder = new TemporaryDirectory();
        using var cancellation = new CancellationTokenSource();
        var progress = new ProgressRecorder(report =>
        {
            if (report is { Epoch: 2, Step: 3, CompletedEpoch: null })
            {
                cancellation.Cancel();
            }
        });

        Assert.ThrowsAny<OperationCanceledException>(() => new ClassifierTrainer(TinyTraining.Options)
            .Train(TinyTraining.Model, TinyTraining.Data, folder.Path, progress, cancellation.Token));

        // The report that cancelled was the last: the next step never started.
        Assert.Equal(new { Epoch = 2, Step = 3 }, new { progress.Reports[^1].Epoch, progress.Reports[^1].Step });
        Assert.Equal([1], new CheckpointStore(folder.Path).Epochs());
        Assert.Single(Directory.EnumerateDirectories(folder.Path));
    }

    [Fact]
    public void Train_ResumedAfterKill_ContinuesAtNextEpochAndMatchesAnUninterruptedRun()
    {
        using var interruptedFolder = new TemporaryDirectory();
        using var cancellation = new CancellationTokenSource();
        var firstRun = new ProgressRecorder(report =>
        {
            if (report.CompletedEpoch?.Epoch == 2)
            {
                cancellation.Cancel();
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(() => new ClassifierTrainer(TinyTraining.Options)
            .Train(TinyTraining.Model, TinyTraining.Data, interruptedFolder.Path, firstRun, cancellation.Token));

        var secondRun = new ProgressRecorder();
        using var resumed = new ClassifierTrainer(TinyTraining.Options)
            .Train(TinyTraining.Model, TinyTraining.Data, interruptedFolder.Path, secondRun).Model;
        var resumedResult = new CheckpointStore(interruptedFolder.Path).TryLoadLatest()!;

        using var uninterruptedFolder = new TemporaryDirectory();
        using var uninterrupted = new ClassifierTrainer(TinyTraining.Options)
            .Train(TinyTraining.Model, TinyTraining.Data, uninterruptedFolder.Path).Model;
        var expected = new CheckpointStore(uninterruptedFolder.Path).TryLoadLatest()!;

        Assert.Equal(3, secondRun.Reports[0].Epoch);
        Assert.Equal([3, 4], secondRun.CompletedEpochs.Select(e => e.Epoch));
        Assert.Equal([1, 2, 3, 4], resumedResult.History.Select(e => e.Epoch));
        // Same shuffles, augmentations and optimizer moments: the resumed run lands where the uninterrupted one does.
        Assert.Equal(
            expected.History.Select(e => e.HeldOutLoss),
            resumedResult.History.Select(e => e.HeldOutLoss),
            (a, b) => Math.Abs(a - b) < 1e-4);
    }

    [Fact]
    public void Train_ResumeResult_ReportsWhereItContinuedFrom()
    {
        using var folder = new TemporaryDirectory();
        using var cancellation = new CancellationTokenSource();
        var progress = new ProgressRecorder(report =>
        {
            if (report.CompletedEpoch?.Epoch == 3)
            {
                cancellation.Cancel();
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(() => new ClassifierTrainer(TinyTraining.Options)
            .Train(TinyTraining.Model, TinyTraining.Data, folder.Path, progress, cancellation.Token));

        var result = new ClassifierTrainer(TinyTraining.Options).Train(TinyTraining.Model, TinyTraining.Data, folder.Path);
        using var model = result.Model;

        Assert.Equal(3, result.ResumedAfterEpoch);
        Assert.Equal(4, result.History.Count);
        Assert.False(model.training);
    }

    [Fact]
    public void Train_CheckpointsFromAnotherSeed_RefusesToResume()
    {
        using var folder = new TemporaryDirectory();
        var oneEpoch = TinyTraining.Options with { Epochs = 1 };
        new ClassifierTrainer(oneEpoch).Train(TinyTraining.Model, TinyTraining.Data, folder.Path).Model.Dispose();

        var error = Assert.Throws<InvalidOperationException>(() => new ClassifierTrainer(oneEpoch with { Seed = 99 })
            .Train(TinyTraining.Model, TinyTraining.Data, folder.Path));

        Assert.Contains("seed 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_Device_IsCudaExactlyWhenTorchReportsIt()
    {
        // On a machine without a GPU (or with the CPU libtorch package) this proves the CPU fallback; on one with
        // CUDA and a libtorch CUDA package, that training moved to the GPU.
        var expected = torch.cuda.is_available() ? "cuda" : "cpu";

        Assert.Equal(expected, trained.Result.Device);
        Assert.Equal(expected, TrainingDevice.Name(trained.Model.Head.weight!.device));
    }

    [Fact]
    public void Train_CudaNotPreferred_TrainsOnCpu()
    {
        using var folder = new TemporaryDirectory();

        var result = new ClassifierTrainer(TinyTraining.Options with { Epochs = 1, PreferCuda = false })
            .Train(TinyTraining.Model, TinyTraining.Data, folder.Path);
        using var model = result.Model;

        Assert.Equal("cpu", result.Device);
        Assert.Equal(DeviceType.CPU, model.Head.weight!.device.type);
    }

    [Fact]
    public void Train_ModelWithOtherClassCount_Throws()
    {
        using var folder = new TemporaryDirectory();

        Assert.Throws<ArgumentException>(() => new ClassifierTrainer(TinyTraining.Options)
            .Train(TinyTraining.Model with { ClassCount = 4 }, TinyTraining.Data, folder.Path));
    }
}
