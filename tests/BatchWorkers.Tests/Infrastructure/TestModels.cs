using System.Text.Json;
using BatchWorkers.Onnx.Classifiers;
using BatchWorkers.Onnx.Samples;

namespace BatchWorkers.Tests.Infrastructure;

/// <summary>Real ONNX classifiers written by the project's writer into a model store folder.</summary>
public static class TestModels
{
    public const string Colours = "colours";
    public const string Slow = "slow";
    public const string Misconfigured = "misconfigured";
    public const string Translator = "glossary-en-de";
    public const string Summarizer = "lead-sentence";

    /// <summary>The designed seq2seq samples: a word-for-word translator and a lead-sentence summarizer.</summary>
    public static void AddTextModels(string store)
    {
        SampleTextModels.WriteTranslator(Path.Combine(store, Translator, "1"));
        SampleTextModels.WriteSummarizer(Path.Combine(store, Summarizer, "1"));
    }

    public static string CreateStore()
    {
        var store = Directory.CreateTempSubdirectory("bw-models-").FullName;
        SampleModels.WriteColourClassifier(Path.Combine(store, Colours, "1"));
        WriteSlowClassifier(Path.Combine(store, Slow, "1"), 128);
        WriteMisconfigured(Path.Combine(store, Misconfigured, "1"));
        return store;
    }

    /// <summary>Two 5×5 conv layers at 128×128: enough work per image that a chunk takes a noticeable time.</summary>
    public static void WriteSlowClassifier(string folder, int size)
    {
        var random = new Random(42);
        float[] Weights(int count) => Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() - 0.5) * 0.2f).ToArray();
        var model = new ClassifierBuilder(size, size)
            .AddConvBlock(new ConvBlock(Weights(16 * 3 * 25), 16, 3, 5, Weights(16)) { Padding = 2 })
            .AddConvBlock(new ConvBlock(Weights(32 * 16 * 25), 32, 16, 5, Weights(32)) { Padding = 2, MaxPoolKernel = 2 })
            .WithHead(new LinearWeights(Weights(4 * 32), Weights(4), 4, 32))
            .Build();
        Directory.CreateDirectory(folder);
        model.Save(Path.Combine(folder, "model.onnx"));
        WriteConfigs(folder, ["a", "b", "c", "d"], size);
    }

    /// <summary>A model expecting 32×32 inputs whose preprocessor config says 48×48: every run fails in ONNX Runtime.</summary>
    public static void WriteMisconfigured(string folder)
    {
        SampleModels.WriteColourClassifier(folder);
        WriteConfigs(folder, SampleModels.ColourLabels, 48);
    }

    private static void WriteConfigs(string folder, IReadOnlyList<string> labels, int size)
    {
        var config = new { id2label = labels.Select((l, i) => (l, i)).ToDictionary(x => x.i.ToString(System.Globalization.CultureInfo.InvariantCulture), x => x.l) };
        File.WriteAllText(Path.Combine(folder, "config.json"), JsonSerializer.Serialize(config));
        var preprocessor = new Dictionary<string, object>
        {
            ["do_resize"] = true,
            ["size"] = new { height = size, width = size },
            ["do_rescale"] = true,
            ["rescale_factor"] = 1 / 255.0,
            ["do_normalize"] = true,
            ["image_mean"] = new[] { 0.5, 0.5, 0.5 },
            ["image_std"] = new[] { 0.5, 0.5, 0.5 },
        };
        File.WriteAllText(Path.Combine(folder, "preprocessor_config.json"), JsonSerializer.Serialize(preprocessor));
    }
}
