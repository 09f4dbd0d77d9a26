using System.Diagnostics;
using BatchWorkers.Benchmarks.Measurements;
using BatchWorkers.Seq2Seq.Generation;
using BatchWorkers.Seq2Seq.Onnx;
using BatchWorkers.Seq2Seq.Pipelines;
using Microsoft.ML.OnnxRuntime;

namespace BatchWorkers.Benchmarks.Translation;

/// <summary>One timed pass of generation: sentences in, tokens out.</summary>
/// <param name="CpuShare">This process's CPU time over wall time × cores during the pass (see <see cref="CpuMeter"/>).</param>
public sealed record GenerationTiming(TimeSpan Elapsed, int Sentences, long Tokens, double CpuShare)
{
    /// <summary>Encoder runs (padding the batch, the ONNX Runtime run); zero where not measured.</summary>
    public TimeSpan Encoder { get; init; }

    /// <summary>Decoder steps (see <see cref="TimedDecoderSession"/>); zero where not measured.</summary>
    public TimeSpan DecoderSteps { get; init; }

    /// <summary>The rest: the search around the steps (log-softmax, logits processors, choosing tokens) and freeing each batch's tensors.</summary>
    public TimeSpan Search => Elapsed - Encoder - DecoderSteps;

    public double TokensPerSecond => Tokens / Elapsed.TotalSeconds;

    public double SentencesPerSecond => Sentences / Elapsed.TotalSeconds;
}

/// <summary>
/// The seq2seq engine alone, in this process, on the model folder the worker serves, with the worker's session
/// options (ORT_ENABLE_ALL, default threads) and the model's generation settings (greedy).
/// </summary>
public sealed class EngineBenchmark : IDisposable
{
    private readonly Seq2SeqPipeline _pipeline;
    private readonly int _newTokens;

    public EngineBenchmark(string modelFolder, int newTokens)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        _pipeline = Seq2SeqPipeline.Load(modelFolder, Seq2SeqTask.Translation, new Seq2SeqOnnxOptions { SessionOptions = options });
        _newTokens = newTokens;
        if (_pipeline.Defaults.NumBeams != 1 || _pipeline.Defaults.EffectiveMaxLength != newTokens + 1)
        {
            throw new BenchmarkException($"The model's generation settings are not greedy with {newTokens} new tokens.");
        }
    }

    /// <summary>The ONNX Runtime decoder files in use (merged, or split).</summary>
    public DecoderLayout Layout => _pipeline.Model.Layout;

    /// <summary>Encoder tokens of a sentence, end-of-sequence included.</summary>
    public int SourceTokens(string sentence) => _pipeline.Encode(sentence).Ids.Count;

    /// <summary>
    /// Greedy generation straight on the ONNX model (<see cref="Seq2SeqOnnxModel.StartDecoding"/> +
    /// <see cref="SequenceGenerator"/>), in batches of <paramref name="batchSize"/> in the order given. Encoding the
    /// text is not timed; the encoder run, every decoder step and the search are.
    /// </summary>
    public GenerationTiming Generate(IReadOnlyList<string> sentences, int batchSize, DecoderCacheMode cacheMode, CancellationToken cancellationToken)
    {
        var sources = sentences.Select(s => _pipeline.Encode(s).Ids).ToList();
        long tokens = 0;
        var (encoder, steps) = (TimeSpan.Zero, TimeSpan.Zero);
        var cpu = CpuMeter.Start();
        var started = Stopwatch.GetTimestamp();
        foreach (var batch in sources.Chunk(batchSize))
        {
            var batchStarted = Stopwatch.GetTimestamp();
            using var session = _pipeline.Model.StartDecoding(batch, _pipeline.Tokenizer.PadTokenId, cacheMode, cancellationToken);
            encoder += Stopwatch.GetElapsedTime(batchStarted);
            var timed = new TimedDecoderSession(session);
            foreach (var sequence in SequenceGenerator.Generate(timed, _pipeline.Defaults, cancellationToken))
            {
                tokens += Checked(sequence.TokenIds.Count);
            }

            steps += timed.Elapsed;
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        return new GenerationTiming(elapsed, sentences.Count, tokens, cpu.Share()) { Encoder = encoder, DecoderSteps = steps };
    }

    /// <summary>
    /// What a translation chunk runs, without the queue and the database: <see cref="TextTranslator.Translate"/>
    /// (sentence splitting, encoding, length-sorted batches on the cached decoder, decoding to text).
    /// </summary>
    public GenerationTiming Translate(IReadOnlyList<string> texts, int batchSize, CancellationToken cancellationToken)
    {
        var cpu = CpuMeter.Start();
        var started = Stopwatch.GetTimestamp();
        var results = TextTranslator.Translate(_pipeline, texts, _pipeline.Defaults, batchSize, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var share = cpu.Share();
        if (results.FirstOrDefault(r => r.Error is not null) is { } failed)
        {
            throw new BenchmarkException($"A benchmark sentence failed to translate: {failed.Error}");
        }

        return new GenerationTiming(elapsed, texts.Count, results.Sum(r => (long)Checked(r.OutputTokens)), share);
    }

    public void Dispose() => _pipeline.Dispose();

    // Every sentence must cost the same: a shorter output would make the comparison meaningless.
    private int Checked(int generated) => generated == _newTokens
        ? generated
        : throw new BenchmarkException($"A sentence generated {generated} tokens instead of {_newTokens}; check the model's min_length.");
}
