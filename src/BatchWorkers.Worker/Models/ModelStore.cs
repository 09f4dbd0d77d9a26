using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace BatchWorkers.Worker.Models;

/// <summary>A model version's folder in the store: <c>STORE/NAME/VERSION/</c> (see <see cref="ModelArtifacts"/>).</summary>
public sealed record ModelFolder(string Name, string Version, string Directory);

/// <summary>The model store on disk. Names and versions are plain path segments, so a name can never escape the store.</summary>
public sealed partial class ModelStore(IOptions<ModelOptions> options)
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex SafeSegmentPattern();

    public string Root => Path.GetFullPath(options.Value.StoreRoot);

    public static bool IsSafeSegment(string value) => SafeSegmentPattern().IsMatch(value);

    /// <summary>Every version folder, grouped by name and ordered by version number (2 before 10), then by name.</summary>
    public IReadOnlyList<ModelFolder> List() =>
        Directory.Exists(Root)
            ? Directory.EnumerateDirectories(Root).Select(Path.GetFileName).OfType<string>()
                .Where(IsSafeSegment).Order(StringComparer.Ordinal).SelectMany(VersionsOf).ToList()
            : [];

    public IReadOnlyList<ModelFolder> VersionsOf(string name)
    {
        var folder = Path.Combine(Root, name);
        if (!IsSafeSegment(name) || !Directory.Exists(folder))
        {
            return [];
        }

        return Directory.EnumerateDirectories(folder)
            .Select(d => new ModelFolder(name, Path.GetFileName(d), d))
            .Where(v => IsSafeSegment(v.Version) && ModelArtifacts.IsModelFolder(v.Directory))
            .OrderBy(v => long.TryParse(v.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue)
            .ThenBy(v => v.Version, StringComparer.Ordinal)
            .ToList();
    }
}
