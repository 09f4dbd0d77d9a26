using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BatchWorkers.Training.Datasets;

namespace BatchWorkers.Training.Export;

/// <summary>Writes the config.json and preprocessor_config.json that the worker's image pipeline reads.</summary>
internal static class HuggingFaceModelFiles
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string WriteConfig(string folder, IReadOnlyList<string> labels, string modelType, int channels)
    {
        var id2label = new JsonObject();
        var label2id = new JsonObject();
        for (var i = 0; i < labels.Count; i++)
        {
            id2label[i.ToString(CultureInfo.InvariantCulture)] = labels[i];
            label2id[labels[i]] = i;
        }

        return Write(folder, "config.json", new JsonObject
        {
            ["model_type"] = modelType,
            ["problem_type"] = "single_label_classification",
            ["num_channels"] = channels,
            ["num_labels"] = labels.Count,
            ["id2label"] = id2label,
            ["label2id"] = label2id,
        });
    }

    // Resize straight to the training size (no crop), rescale to [0, 1], then the training mean/std: exactly what
    // the shapes were normalised with, so images classified by the worker match the training inputs.
    public static string WritePreprocessorConfig(string folder, int imageSize, ImageNormalization normalization) =>
        Write(folder, "preprocessor_config.json", new JsonObject
        {
            ["image_processor_type"] = "ViTImageProcessor",
            ["do_resize"] = true,
            ["size"] = new JsonObject { ["height"] = imageSize, ["width"] = imageSize },
            ["resample"] = 2, // PIL bilinear
            ["do_center_crop"] = false,
            ["do_rescale"] = true,
            ["rescale_factor"] = 1.0 / 255.0,
            ["do_normalize"] = true,
            ["image_mean"] = new JsonArray(normalization.Mean.Select(value => JsonValue.Create(value)).ToArray<JsonNode?>()),
            ["image_std"] = new JsonArray(normalization.Std.Select(value => JsonValue.Create(value)).ToArray<JsonNode?>()),
        });

    private static string Write(string folder, string fileName, JsonObject json)
    {
        var path = Path.Combine(folder, fileName);
        File.WriteAllText(path, json.ToJsonString(Indented) + "\n");
        return path;
    }
}
