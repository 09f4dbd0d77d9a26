using System.Diagnostics;
using System.Text.Json.Nodes;
using BatchWorkers.Seq2Seq.Generation;
using BatchWorkers.Seq2Seq.Onnx;
using BatchWorkers.Seq2Seq.Tokenizers;

namespace BatchWorkers.Seq2Seq.Pipelines;

/// <summary>
/// A loaded seq2seq model folder ready for a task: tokenizer, ONNX sessions, the task's generation defaults, the
/// input limit and the task prefix (T5's "summarize: "). Thread-safe: <see cref="Generate"/> may run from many
/// threads at once, each batch on a decoder session of its own.
/// </summary>
public sealed class Seq2SeqPipeline : IDisposable
{
    /// <summary>The input limit when neither the tokenizer nor the model config names one.</summary>
    public const int DefaultInputLimit = 512;

    private Seq2SeqPipeline(
        ISeq2SeqTokenizer tokenizer, Seq2SeqOnnxModel model, GenerationConfig defaults, int inputLimit, string? taskPrefix)
    {
        Tokenizer = tokenizer;
        Model = model;
        Defaults = defaults;
        InputLimit = inputLimit;
        TaskPrefix = taskPrefix;
    }

    /// <summary>The family's tokenizer.</summary>
    public ISeq2SeqTokenizer Tokenizer { get; }

    /// <summary>The ONNX Runtime sessions.</summary>
    public Seq2SeqOnnxModel Model { get; }

    /// <summary>The model's generation settings for the task, before a job's overrides.</summary>
    public GenerationConfig Defaults { get; }

    /// <summary>Most encoder tokens per input (<c>model_max_length</c> or the model's position limit).</summary>
    public int InputLimit { get; }

    /// <summary>Text put before each input for the task, or null.</summary>
    public string? TaskPrefix { get; }

    /// <summary>Loads a model folder: family, tokenizer, generation defaults for <paramref name="task"/> and sessions.</summary>
    /// <exception cref="FileNotFoundException">A tokenizer, config or ONNX file is missing; the message names it.</exception>
    /// <exception cref="InvalidDataException">A config or tokenizer file is malformed.</exception>
    /// <exception cref="NotSupportedException">The model family or an ONNX signature is not supported.</exception>
    public static Seq2SeqPipeline Load(string modelDirectory, Seq2SeqTask task, Seq2SeqOnnxOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelDirectory);
        string taskKey = task == Seq2SeqTask.Summarization ? "summarization" : "translation";
        ISeq2SeqTokenizer tokenizer = Seq2SeqTokenizerLoader.Load(modelDirectory);
        GenerationConfig defaults = GenerationConfigLoader.Load(modelDirectory, taskKey);
        string? prefix = GenerationConfigLoader.ReadTaskPrefix(modelDirectory, taskKey);
        Seq2SeqOnnxModel model = Seq2SeqOnnxModel.Load(modelDirectory, options);
        return new Seq2SeqPipeline(tokenizer, model, defaults, ReadInputLimit(modelDirectory), string.IsNullOrEmpty(prefix) ? null : prefix);
    }

    /// <summary>
    /// Encodes <paramref name="text"/> with the task prefix; ids beyond <see cref="InputLimit"/> are dropped
    /// (the end-of-sequence token kept last), as the reference pipelines do with truncation on.
    /// </summary>
    /// <exception cref="ArgumentException">The text holds something the tokenizer refuses (an unknown Marian
    /// language code).</exception>
    public EncodedInput Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        IReadOnlyList<int> ids = Tokenizer.Encode(TaskPrefix is null ? text : TaskPrefix + text);
        if (ids.Count <= InputLimit)
        {
            return new EncodedInput(ids, 0);
        }

        return new EncodedInput([.. ids.Take(InputLimit - 1), ids[^1]], ids.Count - InputLimit);
    }

    /// <summary>
    /// Generates for every source. Sources are sorted by length into batches of at most
    /// <paramref name="maxBatchSize"/> so that rows of a batch need little padding; each row stops on its own.
    /// </summary>
    /// <returns>One result per source, in the order given.</returns>
    public IReadOnlyList<BatchedSequence> Generate(
        IReadOnlyList<IReadOnlyList<int>> sources, GenerationConfig config, int maxBatchSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatchSize);
        var results = new BatchedSequence[sources.Count];
        int[] byLength = [.. Enumerable.Range(0, sources.Count).OrderBy(i => sources[i].Count)];
        foreach (int[] bucket in byLength.Chunk(maxBatchSize))
        {
            long started = Stopwatch.GetTimestamp();
            using OnnxDecoderSession session = Model.StartDecoding(
                [.. bucket.Select(i => sources[i])], Tokenizer.PadTokenId, DecoderCacheMode.Auto, cancellationToken);
            IReadOnlyList<GeneratedSequence> generated = SequenceGenerator.Generate(session, config, cancellationToken);
            double share = Stopwatch.GetElapsedTime(started).TotalMilliseconds / bucket.Length;
            for (int row = 0; row < bucket.Length; row++)
            {
                results[bucket[row]] = new BatchedSequence(generated[row], share);
            }
        }

        return results;
    }

    /// <summary>Disposes the sessions.</summary>
    public void Dispose() => Model.Dispose();

    // tokenizer_config.json's model_max_length (absurd values mean "unset"), else config.json's position limit.
    private static int ReadInputLimit(string modelDirectory)
    {
        static int? Read(string path, params string[] keys)
        {
            if (!File.Exists(path) || JsonNode.Parse(File.ReadAllText(path)) is not JsonObject json)
            {
                return null;
            }

            foreach (string key in keys)
            {
                if (json[key] is JsonValue value && value.TryGetValue(out double number) && number is >= 2 and < 1_000_000)
                {
                    return (int)number;
                }
            }

            return null;
        }

        return Read(Path.Combine(modelDirectory, "tokenizer_config.json"), "model_max_length")
            ?? Read(Path.Combine(modelDirectory, "config.json"), "max_position_embeddings", "n_positions")
            ?? DefaultInputLimit;
    }
}
