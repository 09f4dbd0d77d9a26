using System.Globalization;
using System.Text.Json;
using BatchWorkers.Onnx.Classifiers;

namespace BatchWorkers.Benchmarks.Workload;

/// <summary>One conv block of a benchmark model: 3×3 conv (padding 1) → BatchNorm → Relu → optional 2×2 max-pool.</summary>
public sealed record ConvLayer(int In, int Out, int Stride, bool Pool);

/// <summary>
/// A CNN classifier written with the project's ONNX writer (random weights, fixed seed) into a model store,
/// laid out as a Hugging Face export: <c>model.onnx</c>, <c>config.json</c>, <c>preprocessor_config.json</c>.
/// </summary>
public sealed record BenchModel(string Name, string Description, int InputSize, int Classes, IReadOnlyList<ConvLayer> Layers)
{
    public const string Version = "1";

    /// <summary>
    /// The model the goal is judged on: VGG-style 3×3 conv stages of 32–512 channels, ~1.9 GMAC per 224×224 image,
    /// the compute of a ResNet-18 (1.8 GMAC).
    /// </summary>
    public static BenchModel Standard { get; } = new("bench", "ResNet-18-class compute", 224, 1000,
    [
        new(3, 32, 2, false),
        new(32, 64, 1, true),
        new(64, 128, 1, false),
        new(128, 128, 1, true),
        new(128, 256, 1, false),
        new(256, 256, 1, true),
        new(256, 512, 1, true),
    ]);

    /// <summary>Stride-2 convs only, ~0.18 GMAC per image: the cost of a MobileNet-class model (0.06–0.3 GMAC).</summary>
    public static BenchModel Light { get; } = new("bench-light", "MobileNet-class compute", 224, 1000,
    [
        new(3, 32, 2, false),
        new(32, 64, 2, false),
        new(64, 128, 2, false),
        new(128, 256, 2, false),
    ]);

    /// <summary>Ten 3×3 conv layers of 64–512 channels, ~3.5 GMAC per image: near a ResNet-50 (4.1 GMAC).</summary>
    public static BenchModel Heavy { get; } = new("bench-heavy", "ResNet-50-class compute", 224, 1000,
    [
        new(3, 64, 2, false),
        new(64, 64, 1, true),
        new(64, 128, 1, false),
        new(128, 128, 1, true),
        new(128, 256, 1, false),
        new(256, 256, 1, false),
        new(256, 256, 1, true),
        new(256, 512, 1, false),
        new(512, 512, 1, false),
        new(512, 512, 1, true),
    ]);

    public static IReadOnlyList<BenchModel> All { get; } = [Standard, Light, Heavy];

    /// <summary>The layers in words, e.g. "7 conv 3×3 layers, 3→32→…→512 channels, 1000 classes".</summary>
    public string Layout =>
        $"{Layers.Count} conv 3×3 + BN + ReLU layers ({Layers.Count(l => l.Stride == 2)} stride 2, {Layers.Count(l => l.Pool)} max-pool), " +
        $"{Layers[0].In}→{Layers[0].Out}→…→{Layers[^1].Out} channels, global average pool, {Classes}-way Gemm";

    /// <summary>Multiply-accumulates of the conv layers for one image (the head and pooling are negligible).</summary>
    public double GigaMacsPerImage
    {
        get
        {
            double size = InputSize, macs = 0;
            foreach (var layer in Layers)
            {
                size = Math.Floor((size + 2 - 3) / layer.Stride) + 1;
                macs += size * size * layer.Out * layer.In * 9;
                size = layer.Pool ? Math.Floor(size / 2) : size;
            }

            return macs / 1e9;
        }
    }

    /// <summary>Writes <c>STORE/NAME/1/</c> and returns that folder.</summary>
    public string WriteTo(string store, int seed)
    {
        var random = new Random(seed);
        var builder = new ClassifierBuilder(InputSize, InputSize);
        foreach (var layer in Layers)
        {
            builder.AddConvBlock(new ConvBlock(HeUniform(random, layer.Out * layer.In * 9, layer.In * 9), layer.Out, layer.In, 3)
            {
                Stride = layer.Stride,
                Padding = 1,
                BatchNorm = new BatchNormWeights(
                    Filled(layer.Out, 1f), Filled(layer.Out, 0f), Filled(layer.Out, 0f), Filled(layer.Out, 1f)),
                MaxPoolKernel = layer.Pool ? 2 : null,
            });
        }

        var features = Layers[^1].Out;
        builder.WithHead(new LinearWeights(HeUniform(random, Classes * features, features), Filled(Classes, 0f), Classes, features));

        var folder = Path.Combine(store, Name, Version);
        Directory.CreateDirectory(folder);
        builder.Build().Save(Path.Combine(folder, "model.onnx"));
        WriteConfigs(folder);
        return folder;
    }

    private void WriteConfigs(string folder)
    {
        var labels = Enumerable.Range(0, Classes).ToDictionary(i => i.ToString(CultureInfo.InvariantCulture), i => $"class_{i}");
        File.WriteAllText(Path.Combine(folder, "config.json"), JsonSerializer.Serialize(new { id2label = labels }));
        var preprocessor = new Dictionary<string, object>
        {
            ["do_resize"] = true,
            ["size"] = new { height = InputSize, width = InputSize },
            ["do_rescale"] = true,
            ["rescale_factor"] = 1 / 255.0,
            ["do_normalize"] = true,
            ["image_mean"] = new[] { 0.485, 0.456, 0.406 },
            ["image_std"] = new[] { 0.229, 0.224, 0.225 },
        };
        File.WriteAllText(Path.Combine(folder, "preprocessor_config.json"), JsonSerializer.Serialize(preprocessor));
    }

    // Kaiming-uniform initialisation keeps activations in a normal range through the layers (no denormals, no overflow).
    private static float[] HeUniform(Random random, int count, int fanIn)
    {
        var bound = MathF.Sqrt(6f / fanIn);
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1) * bound;
        }

        return values;
    }

    private static float[] Filled(int count, float value) => Enumerable.Repeat(value, count).ToArray();
}
