using System.Text.Json;
using SkiaSharp;

namespace BatchWorkers.Worker.Imaging;

/// <summary>
/// How to turn an image into the model's input, read from a Hugging Face <c>preprocessor_config.json</c>:
/// resize (to a fixed size, or the shortest edge), optional center crop, rescale, and mean/std normalisation.
/// Without the file the ONNX-zoo ImageNet convention applies (shortest edge 256, crop 224, ImageNet mean/std).
/// </summary>
public sealed record PreprocessorSettings(
    int? ResizeWidth,
    int? ResizeHeight,
    int? ResizeShortestEdge,
    int? CropWidth,
    int? CropHeight,
    SKSamplingOptions Sampling,
    float RescaleFactor,
    float[] Mean,
    float[] Std,
    bool SwapToBgr)
{
    private static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] ImageNetStd = [0.229f, 0.224f, 0.225f];

    public static PreprocessorSettings ImageNetDefault { get; } = new(
        null, null, 256, 224, 224, new SKSamplingOptions(SKCubicResampler.CatmullRom), 1 / 255f, ImageNetMean, ImageNetStd, false);

    /// <summary>The final tensor size (width, height).</summary>
    public (int Width, int Height) OutputSize =>
        CropWidth is { } cw && CropHeight is { } ch ? (cw, ch) : (ResizeWidth ?? ResizeShortestEdge ?? 224, ResizeHeight ?? ResizeShortestEdge ?? 224);

    public static PreprocessorSettings Load(string modelDirectory)
    {
        var path = Path.Combine(modelDirectory, "preprocessor_config.json");
        if (!File.Exists(path))
        {
            return ImageNetDefault;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return Parse(document.RootElement);
    }

    public static PreprocessorSettings Parse(JsonElement root)
    {
        var doResize = Bool(root, "do_resize", true);
        var (width, height, shortest) = doResize ? ReadSize(root) : (null, null, null);
        var doCrop = Bool(root, "do_center_crop", false);
        var (cropWidth, cropHeight) = doCrop ? ReadCrop(root) : (null, null);

        // ConvNext-style processors: resize the short side to size/crop_pct, then crop size × size.
        if (shortest is { } edge && root.TryGetProperty("crop_pct", out var pct) && pct.ValueKind == JsonValueKind.Number && edge < 384)
        {
            shortest = (int)(edge / pct.GetDouble());
            (cropWidth, cropHeight) = (edge, edge);
        }

        var resample = root.TryGetProperty("resample", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetInt32() : 2;
        var sampling = resample switch
        {
            0 => new SKSamplingOptions(SKFilterMode.Nearest),
            3 => new SKSamplingOptions(SKCubicResampler.CatmullRom),
            _ => new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None),
        };
        var rescale = Bool(root, "do_rescale", true) ? Float(root, "rescale_factor", 1 / 255f) : 1f;
        var normalize = Bool(root, "do_normalize", true);
        var mean = normalize ? Floats(root, "image_mean", ImageNetMean) : [0f, 0f, 0f];
        var std = normalize ? Floats(root, "image_std", ImageNetStd) : [1f, 1f, 1f];
        var bgr = root.TryGetProperty("channel_order", out var order) && order.GetString() is "bgr" or "BGR";
        return new PreprocessorSettings(width, height, shortest, cropWidth, cropHeight, sampling, rescale, mean, std, bgr);
    }

    private static (int?, int?, int?) ReadSize(JsonElement root)
    {
        if (!root.TryGetProperty("size", out var size))
        {
            return (224, 224, null);
        }

        if (size.ValueKind == JsonValueKind.Number)
        {
            return (size.GetInt32(), size.GetInt32(), null);
        }

        if (size.TryGetProperty("height", out var h) && size.TryGetProperty("width", out var w))
        {
            return (w.GetInt32(), h.GetInt32(), null);
        }

        return size.TryGetProperty("shortest_edge", out var s) ? (null, null, s.GetInt32()) : (224, 224, null);
    }

    private static (int?, int?) ReadCrop(JsonElement root)
    {
        if (!root.TryGetProperty("crop_size", out var crop))
        {
            return (224, 224);
        }

        return crop.ValueKind == JsonValueKind.Number
            ? (crop.GetInt32(), crop.GetInt32())
            : (crop.GetProperty("width").GetInt32(), crop.GetProperty("height").GetInt32());
    }

    private static bool Bool(JsonElement root, string name, bool fallback) =>
        root.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : fallback;

    private static float Float(JsonElement root, string name, float fallback) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetSingle() : fallback;

    private static float[] Floats(JsonElement root, string name, float[] fallback)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return fallback;
        }

        return value.ValueKind == JsonValueKind.Number
            ? [value.GetSingle(), value.GetSingle(), value.GetSingle()]
            : value.EnumerateArray().Select(v => v.GetSingle()).ToArray();
    }
}
