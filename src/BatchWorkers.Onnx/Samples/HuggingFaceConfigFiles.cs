using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchWorkers.Onnx.Samples;

/// <summary>Writes the config.json and preprocessor_config.json an image-classification folder carries.</summary>
internal static class HuggingFaceConfigFiles
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void WriteConfig(string folder, IReadOnlyList<string> labels, string modelType, string note)
    {
        var id2label = new JsonObject();
        var label2id = new JsonObject();
        for (var i = 0; i < labels.Count; i++)
        {
            id2label[i.ToString(CultureInfo.InvariantCulture)] = labels[i];
            label2id[labels[i]] = i;
        }

        var config = new JsonObject
        {
            ["batchworkers_note"] = note,
            ["model_type"] = modelType,
            ["problem_type"] = "single_label_classification",
            ["num_channels"] = 3,
            ["id2label"] = id2label,
            ["label2id"] = label2id,
        };
        Write(folder, "config.json", config);
    }

    public static void WritePreprocessorConfig(string folder, int imageSize)
    {
        var config = new JsonObject
        {
            ["image_processor_type"] = "ViTImageProcessor",
            ["do_resize"] = true,
            ["size"] = new JsonObject { ["height"] = imageSize, ["width"] = imageSize },
            ["resample"] = 2, // PIL bilinear
            ["do_center_crop"] = false,
            ["do_rescale"] = true,
            ["rescale_factor"] = 1.0 / 255.0,
            ["do_normalize"] = true,
            ["image_mean"] = new JsonArray(0.5, 0.5, 0.5),
            ["image_std"] = new JsonArray(0.5, 0.5, 0.5),
        };
        Write(folder, "preprocessor_config.json", config);
    }

    private static void Write(string folder, string fileName, JsonObject json) =>
        File.WriteAllText(Path.Combine(folder, fileName), json.ToJsonString(Indented) + "\n");
}
