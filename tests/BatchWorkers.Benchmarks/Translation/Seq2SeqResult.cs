using BatchWorkers.Benchmarks.Measurements;

namespace BatchWorkers.Benchmarks.Translation;

/// <summary>One repetition: the three comparisons, measured back to back.</summary>
/// <param name="Cached">One batch, key/value cache.</param>
/// <param name="Uncached">The same batch, every step recomputing the whole prefix.</param>
/// <param name="Batched">Four batches, cached.</param>
/// <param name="OneAtATime">The same sentences one by one, cached.</param>
/// <param name="Engine">Every sentence through <c>TextTranslator.Translate</c> in this process.</param>
/// <param name="Job">The same sentences as a translation job through the worker.</param>
public sealed record Seq2SeqRun(
    int Run, GenerationTiming Cached, GenerationTiming Uncached, GenerationTiming Batched, GenerationTiming OneAtATime,
    GenerationTiming Engine, TranslationJobRun Job)
{
    public double CacheSpeedup => Cached.TokensPerSecond / Uncached.TokensPerSecond;

    public double BatchSpeedup => Batched.TokensPerSecond / OneAtATime.TokensPerSecond;

    public double EndToEndRatio => Job.TokensPerSecond / Engine.TokensPerSecond;

    /// <summary>
    /// Whether every pass of the run had at least <paramref name="cpuShare"/> of the machine. Other processes only slow a
    /// pass down, and not every pass alike (ONNX Runtime's parallel sections wait for their slowest thread, the search runs
    /// on one), so on a shared machine the ratios of runs where nothing competed are the ones to trust.
    /// </summary>
    public bool HadTheMachine(double cpuShare) =>
        new[] { Cached, Uncached, Batched, OneAtATime, Engine, Job.AsTiming() }.All(pass => pass.CpuShare >= cpuShare);
}

/// <summary>Every repetition, summarised by medians (ratios of medians, as the image benchmark reports them).</summary>
public sealed record Seq2SeqResult(Seq2SeqBenchOptions Options, IReadOnlyList<Seq2SeqRun> Runs)
{
    /// <summary>Runs in which every pass had at least this share of the CPU (see <see cref="Seq2SeqRun.HadTheMachine"/>).</summary>
    public const double CleanCpuShare = 0.9;

    public double Median(Func<Seq2SeqRun, double> value) => ModelResult.Median(Runs.Select(value));

    public double Best(Func<Seq2SeqRun, double> value) => Runs.Max(value);

    /// <summary>The runs that had the machine to themselves (every pass at ≥ <see cref="CleanCpuShare"/>).</summary>
    public IReadOnlyList<Seq2SeqRun> CleanRuns => [.. Runs.Where(r => r.HadTheMachine(CleanCpuShare))];

    /// <summary>Median of <paramref name="measured"/> over median of <paramref name="baseline"/>.</summary>
    public double Ratio(Func<Seq2SeqRun, GenerationTiming> measured, Func<Seq2SeqRun, GenerationTiming> baseline) =>
        Median(r => measured(r).TokensPerSecond) / Median(r => baseline(r).TokensPerSecond);

    /// <summary>Milliseconds of <paramref name="part"/> per decoder step of a pass (its batches × new tokens).</summary>
    public double MsPerStep(Func<Seq2SeqRun, GenerationTiming> pass, Func<GenerationTiming, TimeSpan> part, int batchSize) =>
        Median(r => part(pass(r)).TotalMilliseconds / (Math.Ceiling(pass(r).Sentences / (double)batchSize) * Options.NewTokens));
}
