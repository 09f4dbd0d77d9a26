using BatchWorkers.Training.Checkpoints;
using BatchWorkers.Training.Models;
using BatchWorkers.Training.Optimizers;
using BatchWorkers.Training.Tests.Support;
using BatchWorkers.Training.Trainers;
using TorchSharp;

namespace BatchWorkers.Training.Tests.Checkpoints;

public sealed class CheckpointStoreTests
{
    private static readonly CompactCnnOptions Tiny = new() { ImageSize = 8, BlockChannels = [4] };

    [Fact]
    public void Save_MoreEpochsThanKept_KeepsNewestAndBest()
    {
        using var folder = new TemporaryDirectory();
        using var model = CompactCnn.Create(Tiny, seed: 1);
        using var optimizer = ParameterOptimizer.Create(OptimizerKind.Adam, model.parameters(), new TrainingOptions());
        var store = new CheckpointStore(folder.Path, keep: 2);

        foreach (var epoch in Enumerable.Range(1, 5))
        {
            store.Save(State(epoch, bestEpoch: 2), model, optimizer);
        }

        Assert.Equal([2, 4, 5], store.Epochs());
        Assert.Equal(5, store.TryLoadLatest()!.Epoch);
    }

    [Fact]
    public void TryLoadLatest_LeftoverPartialFolder_IsIgnored()
    {
        using var folder = new TemporaryDirectory();
        using var model = CompactCnn.Create(Tiny, seed: 1);
        using var optimizer = ParameterOptimizer.Create(OptimizerKind.Adam, model.parameters(), new TrainingOptions());
        var store = new CheckpointStore(folder.Path);
        store.Save(State(1, bestEpoch: 1), model, optimizer);
        // What a kill in the middle of writing epoch 2 leaves behind.
        Directory.CreateDirectory(folder.Combine("epoch-0002.partial"));
        File.WriteAllText(Path.Combine(folder.Combine("epoch-0002.partial"), "state.json"), "{");

        Assert.Equal(1, store.TryLoadLatest()!.Epoch);
    }

    [Fact]
    public void LoadModel_IntoFreshModel_RestoresTheSavedWeights()
    {
        using var folder = new TemporaryDirectory();
        using var saved = CompactCnn.Create(Tiny, seed: 1);
        using var optimizer = ParameterOptimizer.Create(OptimizerKind.Adam, saved.parameters(), new TrainingOptions());
        var store = new CheckpointStore(folder.Path);
        store.Save(State(1, bestEpoch: 1), saved, optimizer);
        using var fresh = CompactCnn.Create(Tiny, seed: 2);
        Assert.NotEqual(Values(saved.Head.weight!), Values(fresh.Head.weight!));

        store.LoadModel(1, fresh);

        Assert.Equal(Values(saved.Head.weight!), Values(fresh.Head.weight!));
        Assert.Equal(Values(saved.Blocks[0].Conv.weight!), Values(fresh.Blocks[0].Conv.weight!));
        Assert.Equal(Values(saved.Blocks[0].BatchNorm.running_var!), Values(fresh.Blocks[0].BatchNorm.running_var!));
    }

    [Fact]
    public void TryLoadLatest_EmptyFolder_ReturnsNull()
    {
        using var folder = new TemporaryDirectory();

        Assert.Null(new CheckpointStore(folder.Path).TryLoadLatest());
    }

    private static float[] Values(torch.Tensor tensor) => tensor.data<float>().ToArray();

    private static CheckpointState State(int epoch, int bestEpoch) => new(
        epoch,
        Seed: 1,
        Enumerable.Range(1, epoch).Select(e => new EpochMetrics(e, 1, 0.5, 1, 0.5, 0.1)).ToList(),
        bestEpoch,
        BestHeldOutLoss: 1,
        EpochsWithoutImprovement: 0,
        StoppedEarly: false);
}
