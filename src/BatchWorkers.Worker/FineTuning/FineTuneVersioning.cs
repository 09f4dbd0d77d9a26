using System.Globalization;
using BatchWorkers.Worker.Models;
using BatchWorkers.Worker.Models.Registry;

namespace BatchWorkers.Worker.FineTuning;

/// <summary>
/// Picks the next version number of a model, above every folder in the store and every registered version (a
/// registry can outlive a store), and reserves its folder.
/// </summary>
public sealed class FineTuneVersioning(ModelStore store, ModelRegistry registry)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<(string Version, string Directory)> NextAsync(string model, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var folder = Path.Combine(store.Root, model);
            Directory.CreateDirectory(folder);
            var registered = (await registry.ListAsync(cancellationToken)).Where(v => v.Name == model).Select(v => v.Version);
            var highest = Directory.EnumerateDirectories(folder).Select(Path.GetFileName).OfType<string>().Concat(registered)
                .Select(name => long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).DefaultIfEmpty(0).Max();
            for (var next = highest + 1; ; next++)
            {
                var version = next.ToString(CultureInfo.InvariantCulture);
                var directory = Path.Combine(folder, version);
                // Creating the folder is the reservation: another replica picking the same number sees it exist.
                if (!Directory.Exists(directory))
                {
                    Directory.CreateDirectory(directory);
                    return (version, directory);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
