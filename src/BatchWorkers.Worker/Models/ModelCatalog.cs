using BatchWorkers.Worker.Jobs;
using BatchWorkers.Worker.Models.Registry;

namespace BatchWorkers.Worker.Models;

/// <summary>A model version a job runs on: its folder and the sha256 its artifact must have.</summary>
public sealed record ModelVersionInfo(string Name, string Version, string Directory, string Sha256)
{
    public string Key => $"{Name}@{Version}";

    public string ModelPath => ModelArtifacts.ClassifierPath(Directory) ?? Path.Combine(Directory, ModelArtifacts.ClassifierFileName);
}

/// <summary>
/// Resolves the model a job names: a pinned version, or the production version in the registry. A name the
/// registry does not know triggers one scan of the store, so a model copied in while the worker runs is found.
/// </summary>
public sealed class ModelCatalog(ModelStore store, ModelRegistry registry, ModelStoreSync sync)
{
    /// <exception cref="JobRejectedException">When the model or version is not installed.</exception>
    public async Task<ModelVersionInfo> ResolveAsync(string name, string? version, CancellationToken cancellationToken)
    {
        if (!ModelStore.IsSafeSegment(name))
        {
            throw new JobRejectedException(JobRejectionCodes.ModelNotFound, NotASegment(name, "name"));
        }

        if (version is not null && !ModelStore.IsSafeSegment(version))
        {
            throw new JobRejectedException(JobRejectionCodes.ModelNotFound, NotASegment(version, "version"));
        }

        var record = await FindAsync(name, version, cancellationToken);
        if (record is null)
        {
            await sync.SyncAsync(cancellationToken);
            record = await FindAsync(name, version, cancellationToken);
        }

        return record is null
            ? throw new JobRejectedException(JobRejectionCodes.ModelNotFound, NotFoundMessage(name, version))
            : new ModelVersionInfo(record.Name, record.Version, record.ArtifactPath, record.Sha256);
    }

    // Names the value that is wrong, cut short: it is echoed to the caller and may be recorded with the job.
    private static string NotASegment(string value, string what) =>
        $"'{(value.Length <= 100 ? value : value[..100] + "…")}' is not a valid model {what} (letters, digits, '.', '_' and '-' only).";

    private Task<ModelVersionRecord?> FindAsync(string name, string? version, CancellationToken cancellationToken) =>
        version is null ? registry.GetProductionAsync(name, cancellationToken) : registry.GetAsync(name, version, cancellationToken);

    private string NotFoundMessage(string name, string? version)
    {
        var versions = store.VersionsOf(name);
        if (versions.Count > 0)
        {
            return $"Model '{name}' has no version '{version}'. Installed versions: {string.Join(", ", versions.Select(v => v.Version))}.";
        }

        var installed = store.List().Select(v => v.Name).Distinct().ToList();
        var hint = installed.Count == 0 ? "No models are installed" : $"Installed models: {string.Join(", ", installed)}";
        return $"Model '{name}' is not installed in {store.Root}. {hint}. Install one as {store.Root}/{name}/<version>/ with model.onnx and config.json.";
    }
}
