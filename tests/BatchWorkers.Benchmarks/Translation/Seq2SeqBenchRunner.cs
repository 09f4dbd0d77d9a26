using BatchWorkers.Benchmarks.Reporting;
using BatchWorkers.Benchmarks.Services;
using BatchWorkers.Seq2Seq.Onnx;
using Spectre.Console;

namespace BatchWorkers.Benchmarks.Translation;

/// <summary>
/// Writes the benchmark translator into a model store of its own, loads it in the engine and starts the worker
/// in-process on it, then measures the KV cache, batching and end-to-end comparisons back to back,
/// <see cref="Seq2SeqBenchOptions.Runs"/> times, on the same model and sentences, and reports medians.
/// </summary>
public sealed class Seq2SeqBenchRunner(Seq2SeqBenchOptions options, IAnsiConsole console)
{
    private const string ExecutionProvider = BenchOptions.CpuProvider;

    public async Task<IReadOnlyList<ReportTable>> RunAsync(CancellationToken cancellationToken)
    {
        var services = BenchServices.FromEnvironment();
        var loadAtStart = MachineInfo.LoadAverage();
        var store = Directory.CreateTempSubdirectory("bw-bench-seq2seq-").FullName;
        try
        {
            var shape = TranslatorBenchModel.Shape;
            Log($"Writing {TranslatorBenchModel.Name}: {Markup.Escape(TranslatorBenchModel.Describe(shape))}.");
            var folder = TranslatorBenchModel.WriteTo(store, shape, options.NewTokens, BenchOptions.Seed);
            var sentences = BenchSentences.Generate(options.Sentences, BenchOptions.Seed);
            using var engine = new EngineBenchmark(folder, options.NewTokens);
            var workload = new Seq2SeqWorkload(
                TranslatorBenchModel.Describe(shape), $"{engine.Layout} (decoder_model_merged.onnx)", engine.SourceTokens(sentences[0]),
                options.EffectiveWorkerSettings);

            await using var database = await BenchDatabase.CreateAsync(services, cancellationToken);
            await using var vhost = await BenchVirtualHost.CreateAsync(services, cancellationToken);
            var machine = MachineInfo.Describe(
                ExecutionProvider, await database.ServerVersionAsync(cancellationToken), await vhost.ServerVersionAsync(cancellationToken));
            Log($"Starting the worker in-process (database {database.Name}, vhost {vhost.Name}).");
            await using var worker = await TranslationJobBenchmark.StartAsync(
                services, database, vhost, store, options.EffectiveWorkerSettings, cancellationToken);

            var result = await MeasureAsync(engine, worker, sentences, cancellationToken);
            return Seq2SeqReport.Build(result, workload, machine with { Load = $"{loadAtStart} → {MachineInfo.LoadAverage()}" });
        }
        finally
        {
            Directory.Delete(store, recursive: true);
        }
    }

    private async Task<Seq2SeqResult> MeasureAsync(
        EngineBenchmark engine, TranslationJobBenchmark worker, IReadOnlyList<string> sentences, CancellationToken cancellationToken)
    {
        var batch = options.BatchSize;
        var oneBatch = sentences.Take(batch).ToList();
        var batching = sentences.Take(options.BatchingSentences).ToList();
        Log($"{sentences.Count} sentences, {options.NewTokens} new tokens each; batch {batch}, chunks of {options.ChunkSize}, {options.Runs} runs. Warming up.");
        engine.Generate(oneBatch, batch, DecoderCacheMode.Cached, cancellationToken);
        engine.Generate(oneBatch.Take(2).ToList(), batch, DecoderCacheMode.Uncached, cancellationToken);
        engine.Generate(oneBatch.Take(2).ToList(), 1, DecoderCacheMode.Cached, cancellationToken);
        engine.Translate(oneBatch, batch, cancellationToken);
        // One chunk through the worker: loads its pipeline, fills connection pools, compiles the hot paths.
        await worker.RunAsync(TranslatorBenchModel.Name, sentences.Take(options.ChunkSize).ToList(), ExecutionProvider, cancellationToken);

        Task<TranslationJobRun> RunJobAsync() => worker.RunAsync(TranslatorBenchModel.Name, sentences, ExecutionProvider, cancellationToken);
        var runs = new List<Seq2SeqRun>();
        for (var run = 1; run <= options.Runs; run++)
        {
            var cached = engine.Generate(oneBatch, batch, DecoderCacheMode.Cached, cancellationToken);
            var uncached = engine.Generate(oneBatch, batch, DecoderCacheMode.Uncached, cancellationToken);
            var batched = engine.Generate(batching, batch, DecoderCacheMode.Cached, cancellationToken);
            var single = engine.Generate(batching, 1, DecoderCacheMode.Cached, cancellationToken);
            // The two long passes swap order every run, so load that drifts over a run does not favour one side.
            GenerationTiming translated;
            TranslationJobRun job;
            if (run % 2 == 1)
            {
                translated = engine.Translate(sentences, batch, cancellationToken);
                job = await RunJobAsync();
            }
            else
            {
                job = await RunJobAsync();
                translated = engine.Translate(sentences, batch, cancellationToken);
            }

            if (job.Tokens != (long)sentences.Count * options.NewTokens)
            {
                throw new BenchmarkException($"The job generated {job.Tokens} tokens, not {sentences.Count} × {options.NewTokens}.");
            }

            var result = new Seq2SeqRun(run, cached, uncached, batched, single, translated, job);
            runs.Add(result);
            Log($"  run {run}/{options.Runs}: cached {cached.TokensPerSecond:0} tokens/s vs uncached {uncached.TokensPerSecond:0} " +
                $"([bold]{result.CacheSpeedup:0.00}×[/]); batch {batch} {batched.TokensPerSecond:0} vs batch 1 {single.TokensPerSecond:0} " +
                $"([bold]{result.BatchSpeedup:0.00}×[/]); end to end {job.TokensPerSecond:0} vs engine {translated.TokensPerSecond:0} " +
                $"([bold]{result.EndToEndRatio:0.00}[/], {job.Elapsed.TotalSeconds:0.00} s) [grey](CPU engine {translated.CpuShare:0%}, end to end {job.CpuShare:0%})[/]");
        }

        if (runs.Any(r => !r.HadTheMachine(Seq2SeqResult.CleanCpuShare)))
        {
            Log($"[yellow]Warning:[/] in some runs a pass got less than {Seq2SeqResult.CleanCpuShare:0%} of the CPU: other processes competed and those " +
                "numbers are noisy. Trust the ratios of the runs that had the machine (reported separately).");
        }

        return new Seq2SeqResult(options, runs);
    }

    private void Log(string markup) => console.MarkupLine($"[grey]{DateTime.Now:HH:mm:ss}[/] {markup}");
}
