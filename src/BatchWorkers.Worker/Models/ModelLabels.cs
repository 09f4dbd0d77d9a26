using System.Globalization;
using System.Text.Json;

namespace BatchWorkers.Worker.Models;

/// <summary>Reads the labels of a Hugging Face style model folder (<c>config.json</c> <c>id2label</c>), in id order.</summary>
public static class ModelLabels
{
    public static IReadOnlyDictionary<int, string> ReadMap(string modelDirectory)
    {
        var path = Path.Combine(modelDirectory, "config.json");
        if (!File.Exists(path))
        {
            return new Dictionary<int, string>();
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.TryGetProperty("id2label", out var map)
            ? map.EnumerateObject().ToDictionary(p => int.Parse(p.Name, CultureInfo.InvariantCulture), p => p.Value.GetString() ?? p.Name)
            : new Dictionary<int, string>();
    }

    public static IReadOnlyList<string> Read(string modelDirectory) =>
        ReadMap(modelDirectory).OrderBy(p => p.Key).Select(p => p.Value).ToList();
}
