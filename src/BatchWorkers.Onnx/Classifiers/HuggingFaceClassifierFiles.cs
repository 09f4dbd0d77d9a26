using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchWorkers.Onnx.Classifiers;

/// <summary>
/// Writes the <c>config.json</c> and <c>preprocessor_config.json</c> of a Hugging Face style image-classification
/// folder, as the worker's image pipeline reads them.
/// </summary>
public static class HuggingFaceClassifierFiles
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>config.json with id2label and label2id; <paramref name="note"/> goes in as <c>batchworkers_note</c>.</summary>
    public static string WriteConfig(string folder, IReadOnlyList<string> labels, string modelType, int channels, string? note = null)
    {
        var id2label = new JsonObject();
        var label2id = new JsonObject();
        for (var i = 0; i < labels.Count; i++)
        {
            id2label[i.ToString(CultureInfo.InvariantCulture)] = labels[i];
            label2id[labels[i]] = i;
        }

        var config = new JsonObject();
        if (note is not null)
        {
            config["batchworkers_note"] = note;
        }

        config["model_type"] = modelType;
        config["problem_type"] = "single_label_classification";
        config["num_channels"] = channels;
        config["num_labels"] = labels.Count;
        config["id2label"] = id2label;
        config["label2id"] = label2id;
        return Write(folder, "config.json", config);
    }

    /// <summary>
    /// Resize straight to <paramref name="imageSize"/> (bilinear, no crop), rescale to [0, 1], then normalise with
    /// <paramref name="mean"/> and <paramref name="std"/>: the inputs a model trained on such images expects.
    /// </summary>
    public static string WritePreprocessorConfig(string folder, int imageSize, IReadOnlyList<float> mean, IReadOnlyList<float> std) =>
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
            ["image_mean"] = new JsonArray(mean.Select(value => JsonValue.Create(value)).ToArray<JsonNode?>()),
            ["image_std"] = new JsonArray(std.Select(value => JsonValue.Create(value)).ToArray<JsonNode?>()),
        });

    private static string Write(string folder, string fileName, JsonObject json)
    {
        var path = Path.Combine(folder, fileName);
        File.WriteAllText(path, json.ToJsonString(Indented) + "\n");
        return path;
    }
}
