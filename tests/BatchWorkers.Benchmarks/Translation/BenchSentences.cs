using BatchWorkers.Onnx.Samples;

namespace BatchWorkers.Benchmarks.Translation;

/// <summary>
/// English sentences of the same number of words, drawn (seeded) from the sample translator's glossary, each word
/// one token: similar lengths, so batches need almost no padding and every input costs the same.
/// </summary>
public static class BenchSentences
{
    /// <summary>Words per sentence; with the full stop and end-of-sequence, about 22 encoder tokens (a typical sentence).</summary>
    public const int Words = 20;

    public static IReadOnlyList<string> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var words = SampleTextModels.Glossary.Keys.Order(StringComparer.Ordinal).ToArray();
        return [.. Enumerable.Range(0, count).Select(_ =>
            string.Join(' ', Enumerable.Range(0, Words).Select(_ => words[random.Next(words.Length)])) + ".")];
    }
}
