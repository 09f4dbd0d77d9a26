using System.Globalization;
using System.Text.Json;
using BatchWorkers.Training.Optimizers;
using static TorchSharp.torch;

namespace BatchWorkers.Training.Checkpoints;

/// <summary>
/// Epoch checkpoints in a folder: <c>epoch-0003/</c> holds <c>model.bin</c>, <c>optimizer.bin</c> and
/// <c>state.json</c>. Each is written to <c>epoch-0003.partial/</c> and renamed when complete, so a kill mid-write
/// never leaves a checkpoint that looks whole. Keeps the newest few plus the best epoch's.
/// </summary>
/// <param name="directory">The folder; created when the first checkpoint is saved.</param>
/// <param name="keep">Complete checkpoints to keep besides the best one. Default: 2.</param>
public sealed class CheckpointStore(string directory, int keep = 2)
{
    private const string Prefix = "epoch-";
    private const string PartialSuffix = ".partial";
    private const string ModelFile = "model.bin";
    private const string OptimizerFile = "optimizer.bin";
    private const string StateFile = "state.json";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly int _keep = keep >= 1 ? keep : throw new ArgumentOutOfRangeException(nameof(keep), keep, "Keep at least one checkpoint.");

    /// <summary>The checkpoint folder.</summary>
    public string Directory { get; } = Path.GetFullPath(
        string.IsNullOrWhiteSpace(directory) ? throw new ArgumentException("A checkpoint folder is required.", nameof(directory)) : directory);

    /// <summary>Epochs that have a complete checkpoint, oldest first.</summary>
    public IReadOnlyList<int> Epochs()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        return System.IO.Directory.EnumerateDirectories(Directory, Prefix + "*")
            .Select(Path.GetFileName)
            .Select(name => int.TryParse(name![Prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) ? epoch : -1)
            .Where(epoch => epoch > 0 && File.Exists(Path.Combine(FolderOf(epoch), StateFile)))
            .Order()
            .ToList();
    }

    /// <summary>The newest complete checkpoint's state, or null when there is none.</summary>
    public CheckpointState? TryLoadLatest()
    {
        var epochs = Epochs();
        return epochs.Count == 0 ? null : LoadState(epochs[^1]);
    }

    /// <summary>Reads one checkpoint's state.</summary>
    public CheckpointState LoadState(int epoch) =>
        JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(Path.Combine(FolderOf(epoch), StateFile)), Json)
        ?? throw new InvalidDataException($"Checkpoint {epoch} has an empty state file.");

    /// <summary>Loads a checkpoint's weights into a model of the same architecture.</summary>
    public void LoadModel(int epoch, nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.load(Path.Combine(FolderOf(epoch), ModelFile));
    }

    /// <summary>Loads a checkpoint's optimizer state (moments, step count) into an optimizer of the same kind.</summary>
    internal void LoadOptimizer(int epoch, ParameterOptimizer optimizer) =>
        optimizer.Load(Path.Combine(FolderOf(epoch), OptimizerFile));

    /// <summary>Writes the checkpoint for <c>state.Epoch</c>, replacing any earlier one of that epoch, then prunes.</summary>
    internal void Save(CheckpointState state, nn.Module model, ParameterOptimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        var final = FolderOf(state.Epoch);
        var partial = final + PartialSuffix;
        DeleteIfPresent(partial);
        System.IO.Directory.CreateDirectory(partial);
        model.save(Path.Combine(partial, ModelFile));
        optimizer.Save(Path.Combine(partial, OptimizerFile));
        File.WriteAllText(Path.Combine(partial, StateFile), JsonSerializer.Serialize(state, Json));
        DeleteIfPresent(final);
        System.IO.Directory.Move(partial, final);
        Prune(state.BestEpoch);
    }

    private void Prune(int bestEpoch)
    {
        var epochs = Epochs();
        foreach (var epoch in epochs.Take(Math.Max(0, epochs.Count - _keep)).Where(epoch => epoch != bestEpoch))
        {
            DeleteIfPresent(FolderOf(epoch));
        }
    }

    private string FolderOf(int epoch) =>
        Path.Combine(Directory, Prefix + epoch.ToString("D4", CultureInfo.InvariantCulture));

    private static void DeleteIfPresent(string folder)
    {
        if (System.IO.Directory.Exists(folder))
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }
}
