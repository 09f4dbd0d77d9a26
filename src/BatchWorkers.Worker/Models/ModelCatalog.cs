using System.Globalization;
using System.Text.RegularExpressions;
using BatchWorkers.Worker.Jobs;
using Microsoft.Extensions.Options;

namespace BatchWorkers.Worker.Models;

/// <summary>A model version in the store: a folder <c>STORE/NAME/VERSION/</c>.</summary>
public sealed record ModelVersionInfo(string Name, string Version, string Directory)
{
    public string Key => $"{Name}@{Version}";
}

/// <summary>Finds model versions in the store folder. The newest version is the highest number (or name).</summary>
public sealed partial class ModelCatalog(IOptions<ModelOptions> options)
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex SafeSegment();

    public string StoreRoot => Path.GetFullPath(options.Value.StoreRoot);

    /// <exception cref="JobRejectedException">When the model or version is not installed.</exception>
    public ModelVersionInfo Resolve(string name, string? version)
    {
        if (!SafeSegment().IsMatch(name) || (version is not null && !SafeSegment().IsMatch(version)))
        {
            throw new JobRejectedException(JobRejectionCodes.ModelNotFound,
                $"'{name}' is not a valid model name (letters, digits, '.', '_' and '-' only).");
        }

        var versions = VersionsOf(name);
        var chosen = version is null ? versions.LastOrDefault() : versions.FirstOrDefault(v => v.Version == version);
        return chosen ?? throw new JobRejectedException(JobRejectionCodes.ModelNotFound, NotFoundMessage(name, version, versions));
    }

    public IReadOnlyList<ModelVersionInfo> List() =>
        Directory.Exists(StoreRoot)
            ? Directory.EnumerateDirectories(StoreRoot).Select(Path.GetFileName).OfType<string>()
                .Where(n => SafeSegment().IsMatch(n)).Order(StringComparer.Ordinal).SelectMany(VersionsOf).ToList()
            : [];

    private List<ModelVersionInfo> VersionsOf(string name)
    {
        var folder = Path.Combine(StoreRoot, name);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.EnumerateDirectories(folder)
            .Where(d => File.Exists(Path.Combine(d, "model.onnx")))
            .Select(d => new ModelVersionInfo(name, Path.GetFileName(d), d))
            .Where(v => SafeSegment().IsMatch(v.Version))
            .OrderBy(v => long.TryParse(v.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue)
            .ThenBy(v => v.Version, StringComparer.Ordinal)
            .ToList();
    }

    private string NotFoundMessage(string name, string? version, List<ModelVersionInfo> versions)
    {
        if (versions.Count > 0)
        {
            return $"Model '{name}' has no version '{version}'. Installed versions: {string.Join(", ", versions.Select(v => v.Version))}.";
        }

        var installed = List().Select(v => v.Name).Distinct().ToList();
        var hint = installed.Count == 0 ? "No models are installed" : $"Installed models: {string.Join(", ", installed)}";
        return $"Model '{name}' is not installed in {StoreRoot}. {hint}. Install one as {StoreRoot}/{name}/<version>/ with model.onnx and config.json.";
    }
}
