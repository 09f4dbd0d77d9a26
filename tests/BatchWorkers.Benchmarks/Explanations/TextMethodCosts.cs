using BatchWorkers.Benchmarks.Measurements;
using BatchWorkers.Benchmarks.Translation;
using BatchWorkers.Seq2Seq.Attribution;
using BatchWorkers.Seq2Seq.Onnx;
using BatchWorkers.Seq2Seq.Pipelines;
using Microsoft.ML.OnnxRuntime;

namespace BatchWorkers.Benchmarks.Explanations;

/// <summary>
/// Source-token attribution of translations on the benchmark translator in this process, set up as the worker's
/// TextAttributionExplainer sets it up (the budget less the one generation it includes), timed against translating
/// the same sentence, batched and alone.
/// </summary>
public sealed class TextMethodCosts(string folder, IReadOnlyList<string> sentences, int batchSize) : IDisposable
{
    private readonly Seq2SeqPipeline _pipeline = Load(folder);

    public MethodCost Measure(int budget, CancellationToken cancellationToken)
    {
        var sources = sentences.Select(s => (IReadOnlyList<int>)_pipeline.Encode(s).Ids).ToList();
        var config = _pipeline.Defaults;
        _pipeline.Generate(sources.Take(batchSize).ToList(), config, batchSize, cancellationToken); // warm-up
        var batched = ModelResult.Median(Enumerable.Range(0, 3).Select(_ =>
            Timed.Milliseconds(() => _pipeline.Generate(sources.Take(batchSize).ToList(), config, batchSize, cancellationToken)) / Math.Min(batchSize, sources.Count)));
        var single = ModelResult.Median(sources.Take(8).Select(source => Timed.Milliseconds(() => _pipeline.Generate([source], config, 1, cancellationToken))));

        var options = new AttributionOptions { MaxEvaluations = Math.Max(2, budget - 1) };
        SourceAttribution.Explain(_pipeline, sentences[0], config, options with { MaxEvaluations = 4 }, cancellationToken); // warm-up
        var perItem = sentences.Take(8).Select(sentence =>
        {
            TokenAttributionReport? report = null;
            var ms = Timed.Milliseconds(() => report = SourceAttribution.Explain(_pipeline, sentence, config, options, cancellationToken));
            return (Ms: ms, Evaluations: report!.Evaluations + 1); // + the generation of the output it explains
        }).ToList();
        return new MethodCost(
            "Source-token attribution (teacher-forced occlusion)", TranslatorBenchModel.Name, budget,
            ModelResult.Median(perItem.Select(p => (double)p.Evaluations)), ModelResult.Median(perItem.Select(p => p.Ms)), batched, single);
    }

    private static Seq2SeqPipeline Load(string folder)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        return Seq2SeqPipeline.Load(folder, Seq2SeqTask.Translation, new Seq2SeqOnnxOptions { SessionOptions = options });
    }

    public void Dispose() => _pipeline.Dispose();
}
