using System.Text.Json;
using System.Text.Json.Nodes;
using BatchWorkers.Onnx.Samples;
using BatchWorkers.Onnx.Transformers;

namespace BatchWorkers.Benchmarks.Translation;

/// <summary>
/// The translation benchmark's model: a Marian-family folder (<c>source.spm</c>, <c>target.spm</c>,
/// <c>vocab.json</c> of the sample translator, the vocabulary padded with unused pieces to <see cref="Shape"/>'s
/// size) with seeded random weights of a small opus-mt-like shape, merged decoder, and generation settings that make
/// every input generate exactly <c>newTokens</c> tokens (min_length = max_length): random weights never end on their
/// own, and a fixed length makes every measurement do the same work.
/// </summary>
public static class TranslatorBenchModel
{
    public const string Name = "bench-translator";
    public const string Version = "1";

    /// <summary>
    /// A small opus-mt: half of opus-mt-en-de's width and depth (d_model 512, 8 heads, FFN 2048, 6 + 6 layers) and a
    /// 16,000-piece vocabulary (opus-mt-en-de: 58,101); 13.9 M weights against about 74 M.
    /// </summary>
    public static Seq2SeqTransformerShape Shape { get; } = new()
    {
        VocabSize = 16_000,
        ModelDim = 256,
        Heads = 4,
        FeedForwardDim = 1024,
        EncoderLayers = 3,
        DecoderLayers = 3,
        MaxPositions = 256,
    };

    public static string Describe(Seq2SeqTransformerShape shape) =>
        $"d_model {shape.ModelDim}, {shape.Heads} heads, FFN {shape.FeedForwardDim}, {shape.EncoderLayers} encoder + " +
        $"{shape.DecoderLayers} decoder layers, vocabulary {shape.VocabSize:N0}, {Parameters(shape) / 1e6:0.0} M parameters";

    /// <summary>Weights that <see cref="Seq2SeqTransformerWeights.Random"/> writes for the shape: token embedding and output projection (untied), both position tables, every layer, the final logits bias.</summary>
    public static long Parameters(Seq2SeqTransformerShape shape)
    {
        long d = shape.ModelDim, f = shape.FeedForwardDim;
        long attention = 4 * ((d * d) + d), feedForward = (2 * d * f) + d + f, norm = 2 * d;
        long encoder = shape.EncoderLayers * (attention + feedForward + (2 * norm));
        long decoder = shape.DecoderLayers * ((2 * attention) + feedForward + (3 * norm));
        return encoder + decoder + (2L * shape.VocabSize * d) + (2L * shape.MaxPositions * d) + shape.VocabSize;
    }

    /// <summary>Writes <c>STORE/NAME/1/</c> and returns that folder.</summary>
    public static string WriteTo(string store, Seq2SeqTransformerShape shape, int newTokens, int seed)
    {
        var folder = Path.Combine(store, Name, Version);
        // The sample translator's tokenizer files; its designed ONNX files and configs are replaced below.
        SampleTextModels.WriteTranslator(folder);
        PadVocabulary(Path.Combine(folder, "vocab.json"), shape.VocabSize);
        Seq2SeqExporter.WriteFolder(folder, Seq2SeqTransformerWeights.Random(shape, seed), Seq2SeqExportLayout.Merged);
        Seq2SeqConfigFiles.Write(folder, shape, Seq2SeqSpecialTokens.Marian(shape.VocabSize), "marian", maxLength: newTokens + 1);
        var generationConfig = Path.Combine(folder, "generation_config.json");
        var generation = JsonNode.Parse(File.ReadAllText(generationConfig))!.AsObject();
        generation["min_length"] = newTokens + 1;
        File.WriteAllText(generationConfig, generation.ToJsonString());
        File.WriteAllText(Path.Combine(folder, "README.md"),
            $"# Benchmark model: {Name}\n\nSeeded random weights ({Describe(shape)}) written by bw-bench; the output is noise.\n");
        return folder;
    }

    // Marian's vocab.json ends with <pad> (also the decoder start); unused pieces go before it.
    private static void PadVocabulary(string path, int size)
    {
        var vocabulary = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(path))!;
        if (vocabulary.Count > size)
        {
            throw new BenchmarkException($"The sample tokenizer has {vocabulary.Count} pieces, more than the benchmark model's {size}.");
        }

        vocabulary.Remove("<pad>");
        for (var i = 0; vocabulary.Count < size - 1; i++)
        {
            vocabulary.TryAdd($"\u2581unused{i}", vocabulary.Count);
        }

        vocabulary["<pad>"] = size - 1;
        File.WriteAllText(path, JsonSerializer.Serialize(vocabulary));
    }
}
