using BatchWorkers.Contracts;
using Npgsql;

namespace BatchWorkers.Worker.Models.Registry;

/// <summary>
/// Registers the version folders found in the store (models copied in by hand, or installed by <c>bw</c>), with the
/// sha256 of their ONNX files (<see cref="ModelArtifacts"/>). A model found this way with no production version yet gets its highest
/// version promoted.
/// Runs at start-up and whenever a job names a model the registry does not know.
/// </summary>
public sealed class ModelStoreSync(ModelStore store, ModelRegistry registry, ModelFiles files, ILogger<ModelStoreSync> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task SyncAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            foreach (var group in store.List().GroupBy(f => f.Name))
            {
                var discovered = false;
                foreach (var folder in group)
                {
                    if (await registry.GetAsync(folder.Name, folder.Version, cancellationToken) is null)
                    {
                        var sha256 = await ModelArtifacts.Sha256Async(folder.Directory, files, cancellationToken);
                        var task = ModelArtifacts.TaskOf(folder.Directory);
                        if (await registry.RegisterAsync(new NewModelVersion(folder.Name, folder.Version, task, folder.Directory, sha256), cancellationToken))
                        {
                            discovered = true;
                            logger.LogInformation("Registered model {Model} version {Version} from {Directory} (sha256 {Sha256})", folder.Name, folder.Version, folder.Directory, sha256);
                        }
                    }
                }

                // Only for models found in the store: a trained candidate kept out of production on purpose stays out.
                if (discovered)
                {
                    await EnsureProductionAsync(group.Key, group.Last().Version, cancellationToken);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task EnsureProductionAsync(string name, string highest, CancellationToken cancellationToken)
    {
        if (await registry.GetProductionAsync(name, cancellationToken) is not null)
        {
            return;
        }

        try
        {
            await registry.PromoteAsync(name, highest, "initial", "No production version yet: the highest installed version becomes production.", "store-sync", cancellationToken);
            logger.LogInformation("Model {Model} version {Version} is production (first version seen)", name, highest);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Another replica promoted one at the same moment; theirs stands.
        }
    }
}
