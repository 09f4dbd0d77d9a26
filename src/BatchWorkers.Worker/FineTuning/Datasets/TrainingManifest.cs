using System.Globalization;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;

namespace BatchWorkers.Worker.FineTuning.Datasets;

/// <summary>One row of a training manifest: where the image is, and its label.</summary>
public sealed record ManifestRow(int Line, string Image, string Label);

/// <summary>A manifest that cannot be trained on; the message names the line and what to fix.</summary>
public sealed class ManifestException(string message) : Exception(message);

/// <summary>
/// Reads training manifests of <c>image,label</c> rows, as CSV (with a header) or JSON lines
/// (<c>{"image": "...", "label": "..."}</c>). Images are <c>data:</c> URIs (inline), <c>file://</c> or <c>http(s)://</c>.
/// </summary>
public static class TrainingManifest
{
    public const int MaxRows = 1_000_000;

    public static IReadOnlyList<ManifestRow> Parse(string content, string? fileName)
    {
        var jsonLines = fileName?.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) == true
            || content.TrimStart().StartsWith('{');
        var rows = jsonLines ? ParseJsonLines(content) : ParseCsv(content);
        return rows.Count == 0 ? throw new ManifestException("The manifest has no rows: add image,label rows.") : rows;
    }

    /// <summary>Checks what training needs: at least two classes, and only labels the model knows when it has a label set.</summary>
    public static void Validate(IReadOnlyList<ManifestRow> rows, IReadOnlyCollection<string>? knownLabels)
    {
        if (knownLabels is { Count: > 0 } && rows.FirstOrDefault(r => !knownLabels.Contains(r.Label)) is { } unknown)
        {
            throw new ManifestException(
                $"Line {unknown.Line}: label '{unknown.Label}' is not one of the model's labels ({string.Join(", ", knownLabels)}).");
        }

        var classes = rows.Select(r => r.Label).Distinct(StringComparer.Ordinal).ToList();
        if (classes.Count < 2)
        {
            throw new ManifestException($"The manifest has only one class ('{classes[0]}'): a classifier needs examples of at least two.");
        }
    }

    private static List<ManifestRow> ParseCsv(string content)
    {
        using var reader = new StringReader(content);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { TrimOptions = TrimOptions.Trim });
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { } header
            || !header.Contains("image", StringComparer.OrdinalIgnoreCase) || !header.Contains("label", StringComparer.OrdinalIgnoreCase))
        {
            throw new ManifestException("The CSV manifest needs a header line with 'image' and 'label' columns.");
        }

        var imageColumn = Array.FindIndex(header, h => h.Equals("image", StringComparison.OrdinalIgnoreCase));
        var labelColumn = Array.FindIndex(header, h => h.Equals("label", StringComparison.OrdinalIgnoreCase));
        var rows = new List<ManifestRow>();
        while (csv.Read())
        {
            var line = csv.Parser.RawRow;
            rows.Add(Row(line, csv.GetField(imageColumn), csv.GetField(labelColumn)));
            if (rows.Count > MaxRows)
            {
                throw new ManifestException($"The manifest has more than {MaxRows:N0} rows; split it.");
            }
        }

        return rows;
    }

    private static List<ManifestRow> ParseJsonLines(string content)
    {
        var rows = new List<ManifestRow>();
        var lineNumber = 0;
        foreach (var line in content.Split('\n'))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                rows.Add(Row(lineNumber, Text(root, "image"), Text(root, "label")));
            }
            catch (JsonException ex)
            {
                throw new ManifestException($"Line {lineNumber}: not valid JSON ({ex.Message}).");
            }
        }

        return rows;
    }

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static ManifestRow Row(int line, string? image, string? label)
    {
        if (string.IsNullOrWhiteSpace(image))
        {
            throw new ManifestException($"Line {line}: the image is missing.");
        }

        if (string.IsNullOrWhiteSpace(label))
        {
            throw new ManifestException($"Line {line}: the label is missing.");
        }

        // Prefixes, not Uri parsing: on Unix "/etc/passwd" parses as an absolute file URI.
        string[] schemes = ["data:", "file://", "http://", "https://"];
        if (!schemes.Any(s => image.StartsWith(s, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ManifestException($"Line {line}: '{image}' is not a data:, file:// or http(s):// image reference.");
        }

        return new ManifestRow(line, image, label.Trim());
    }
}
