using System.Globalization;

namespace BatchWorkers.Benchmarks.Translation;

/// <summary>What <c>bw-bench seq2seq</c> measures. Every default is what <c>./bench.sh seq2seq</c> with no other arguments runs.</summary>
/// <param name="Sentences">Sentences in the end-to-end job and in the engine's translation of the same texts. Default 256.</param>
/// <param name="Runs">Repetitions; medians are reported. Default 3.</param>
/// <param name="BatchSize">Sentences per ONNX Runtime batch, in the engine and in the worker (TextGeneration:BatchSize). Default 16.</param>
/// <param name="NewTokens">Tokens every sentence generates (min_length = max_length). Default 64.</param>
/// <param name="ChunkSize">Sentences per chunk of the job (Jobs:ChunkSize). Default 64: four batches of 16 per chunk.</param>
/// <param name="MarkdownPath">Also write the result tables as Markdown here. Default: none.</param>
/// <param name="WorkerSettings">Extra worker configuration, e.g. TextGeneration:ConcurrentChunks=2. Default: none.</param>
public sealed record Seq2SeqBenchOptions(
    int Sentences, int Runs, int BatchSize, int NewTokens, int ChunkSize, string? MarkdownPath,
    IReadOnlyDictionary<string, string> WorkerSettings)
{
    /// <summary>Sentences of the batched vs one-at-a-time comparison: four batches.</summary>
    public int BatchingSentences => 4 * BatchSize;

    /// <summary>The worker's configuration: chunk and batch size, then <see cref="WorkerSettings"/> on top.</summary>
    public IReadOnlyDictionary<string, string> EffectiveWorkerSettings
    {
        get
        {
            var settings = new Dictionary<string, string>
            {
                ["Jobs:ChunkSize"] = ChunkSize.ToString(CultureInfo.InvariantCulture),
                ["TextGeneration:BatchSize"] = BatchSize.ToString(CultureInfo.InvariantCulture),
            };
            foreach (var (key, value) in WorkerSettings)
            {
                settings[key] = value;
            }

            return settings;
        }
    }
}
