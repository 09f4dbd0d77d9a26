using System.Globalization;
using BatchWorkers.Benchmarks.Measurements;
using BatchWorkers.Benchmarks.Reporting;
using static BatchWorkers.Benchmarks.Reporting.Cells;

namespace BatchWorkers.Benchmarks.Translation;

/// <summary>What the report says about the model and the inputs, beside the timings.</summary>
public sealed record Seq2SeqWorkload(string Model, string DecoderLayout, int SourceTokens, IReadOnlyDictionary<string, string> WorkerSettings);

/// <summary>The translation benchmark's results as tables: the three goals, where the time goes, every run, the inputs and the machine.</summary>
public static class Seq2SeqReport
{
    public const double CacheGoal = 3.0;
    public const double BatchGoal = 2.0;
    public const double EndToEndGoal = 0.8;

    public static IReadOnlyList<ReportTable> Build(Seq2SeqResult result, Seq2SeqWorkload workload, MachineInfo machine)
    {
        var o = result.Options;
        var tokens = $"{o.NewTokens} new tokens each";
        return
        [
            new("Seq2seq goals (medians of the runs; best runs in brackets)",
                ["Comparison", "Workload", "Tokens/s", "Baseline tokens/s", "Ratio", $"Ratio in runs with ≥ {Seq2SeqResult.CleanCpuShare:0%} CPU throughout", "Goal", "Met"],
                [
                    Goal("KV cache vs none", $"{o.BatchSize} sentences in one batch, {tokens}, greedy",
                        result, r => r.Cached, r => r.Uncached, r => r.CacheSpeedup, CacheGoal),
                    Goal("Batched vs one at a time", $"{o.BatchingSentences} sentences, batch {o.BatchSize} vs 1, cached, {tokens}",
                        result, r => r.Batched, r => r.OneAtATime, r => r.BatchSpeedup, BatchGoal),
                    Goal("End to end vs engine", $"{o.Sentences} sentences, one job (chunks of {o.ChunkSize}, batch {o.BatchSize}) vs TextTranslator.Translate, {tokens}",
                        result, r => r.Job.AsTiming(), r => r.Engine, r => r.EndToEndRatio, EndToEndGoal),
                ]),
            new("Where the time goes (medians; per step = per decoder step of a batch)",
                ["Pass", "Seconds", "Encoder s", "Decoder steps s", "Search s", "ms per step", "of which decoder ms", "Sentences/s", "CPU"],
                [
                    Pass($"Cached, batch {o.BatchSize} ({o.BatchSize} sentences)", result, r => r.Cached, o.BatchSize),
                    Pass($"Uncached, batch {o.BatchSize} ({o.BatchSize} sentences)", result, r => r.Uncached, o.BatchSize),
                    Pass($"Cached, batch {o.BatchSize} ({o.BatchingSentences} sentences)", result, r => r.Batched, o.BatchSize),
                    Pass($"Cached, batch 1 ({o.BatchingSentences} sentences)", result, r => r.OneAtATime, 1),
                    Pass($"Engine: TextTranslator.Translate, batch {o.BatchSize} ({o.Sentences} sentences)", result, r => r.Engine, o.BatchSize),
                    Pass($"End to end ({o.Sentences} sentences)", result, r => r.Job.AsTiming(), o.BatchSize),
                    Part("  intake: publish → first chunk starts", result.Median(r => r.Job.Intake.TotalSeconds)),
                    Part("  processing: first chunk starts → last results written", result.Median(r => r.Job.Processing.TotalSeconds)),
                    Part("    of which chunk pipelines (sum of item duration_ms)", result.Median(r => r.Job.PipelineTime.TotalSeconds)),
                    Part("    of which chunk I/O (reading items, writing results, chunk queue)",
                        result.Median(r => (r.Job.Processing - r.Job.PipelineTime).TotalSeconds)),
                    Part("  completion: last results → JobCompleted received", result.Median(r => r.Job.Completion.TotalSeconds)),
                ]),
            new("Every run (tokens/s)",
                ["Run", "Cached", "Uncached", "Cache ratio", $"Batch {o.BatchSize}", "Batch 1", "Batch ratio", "Engine", "End to end", "End-to-end ratio",
                    "CPU cached", "CPU uncached", $"CPU batch {o.BatchSize}", "CPU batch 1", "CPU engine", "CPU end to end"],
                [.. result.Runs.Select(r => Row(
                    I(r.Run), F(r.Cached.TokensPerSecond, "0"), F(r.Uncached.TokensPerSecond, "0"), F(r.CacheSpeedup, "0.00"),
                    F(r.Batched.TokensPerSecond, "0"), F(r.OneAtATime.TokensPerSecond, "0"), F(r.BatchSpeedup, "0.00"),
                    F(r.Engine.TokensPerSecond, "0"), F(r.Job.TokensPerSecond, "0"), F(r.EndToEndRatio, "0.00"),
                    P(r.Cached.CpuShare), P(r.Uncached.CpuShare), P(r.Batched.CpuShare), P(r.OneAtATime.CpuShare), P(r.Engine.CpuShare),
                    P(r.Job.CpuShare)))]),
            new("Model and inputs", ["Property", "Value"],
            [
                Row("Model", workload.Model),
                Row("Decoder files", workload.DecoderLayout),
                Row("Sentences", $"{BenchSentences.Words} glossary words + '.', {workload.SourceTokens} encoder tokens each; seed {BenchOptions.Seed}"),
                Row("Generation", $"greedy, min_length = max_length = {o.NewTokens + 1} (exactly {o.NewTokens} new tokens, EOS forced last)"),
                Row("Worker settings", string.Join(", ", workload.WorkerSettings.Select(s => $"{s.Key}={s.Value}"))),
            ]),
            new("Machine", ["Property", "Value"], [.. machine.Rows().Select(m => Row(m.Name, m.Value))]),
        ];
    }

    private static IReadOnlyList<string> Goal(
        string name, string workload, Seq2SeqResult result, Func<Seq2SeqRun, GenerationTiming> measured,
        Func<Seq2SeqRun, GenerationTiming> baseline, Func<Seq2SeqRun, double> runRatio, double goal)
    {
        var ratio = result.Ratio(measured, baseline);
        var clean = result.CleanRuns;
        var cleanRatios = clean.Count == 0
            ? "none"
            : $"{F(ModelResult.Median(clean.Select(runRatio)), "0.00")} (median of {clean.Count}: {string.Join(", ", clean.Select(r => F(runRatio(r), "0.00")))})";
        return Row(
            name, workload,
            $"{F(result.Median(r => measured(r).TokensPerSecond), "0")} ({F(result.Best(r => measured(r).TokensPerSecond), "0")})",
            $"{F(result.Median(r => baseline(r).TokensPerSecond), "0")} ({F(result.Best(r => baseline(r).TokensPerSecond), "0")})",
            $"{F(ratio, "0.00")} ({F(result.Best(r => measured(r).TokensPerSecond) / result.Best(r => baseline(r).TokensPerSecond), "0.00")})",
            cleanRatios,
            goal >= 1 ? $"≥ {goal:0}×" : $"≥ {goal:0.0}×",
            ratio >= goal ? "met" : "missed");
    }

    private static IReadOnlyList<string> Pass(string name, Seq2SeqResult result, Func<Seq2SeqRun, GenerationTiming> pass, int batchSize)
    {
        // Only the engine's own passes time their encoder runs and decoder steps.
        var split = result.Runs.All(r => pass(r).DecoderSteps > TimeSpan.Zero);
        string Seconds(Func<GenerationTiming, TimeSpan> part) => split ? S(result.Median(r => part(pass(r)).TotalSeconds)) : "";
        return Row(
            name, S(result.Median(r => pass(r).Elapsed.TotalSeconds)), Seconds(t => t.Encoder), Seconds(t => t.DecoderSteps), Seconds(t => t.Search),
            F(result.MsPerStep(pass, t => t.Elapsed, batchSize), "0.0"), split ? F(result.MsPerStep(pass, t => t.DecoderSteps, batchSize), "0.0") : "",
            F(result.Median(r => pass(r).SentencesPerSecond), "0.0"), P(result.Median(r => pass(r).CpuShare)));
    }

    private static IReadOnlyList<string> Part(string name, double seconds) => Row(name, S(seconds), "", "", "", "", "", "", "");

    private static string S(double seconds) => F(seconds, "0.00");
}
