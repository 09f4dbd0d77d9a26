using BatchWorkers.Benchmarks.Workload;

namespace BatchWorkers.Benchmarks.Measurements;

/// <summary>One repetition: the raw baseline, the in-process pipeline and the end-to-end job, measured back to back.</summary>
public sealed record RunResult(int Run, PipelineTiming Raw, PipelineTiming Pipeline, EndToEndRun EndToEnd);

/// <summary>Every repetition for one model, summarised by medians.</summary>
public sealed record ModelResult(
    BenchModel Model, int Images, int BatchSize, double AverageImageBytes, IReadOnlyList<RunResult> Runs, int ImageWidth, int ImageHeight)
{
    public double RawImagesPerSecond => Median(Runs.Select(r => r.Raw.ImagesPerSecond));

    public double PipelineImagesPerSecond => Median(Runs.Select(r => r.Pipeline.ImagesPerSecond));

    public double EndToEndImagesPerSecond => Median(Runs.Select(r => r.EndToEnd.ImagesPerSecond));

    /// <summary>Median end-to-end throughput over median raw throughput.</summary>
    public double Ratio => EndToEndImagesPerSecond / RawImagesPerSecond;

    /// <summary>Fastest raw run. Other processes only ever slow a run down, so on a shared machine the best run is the cleanest.</summary>
    public double BestRawImagesPerSecond => Runs.Max(r => r.Raw.ImagesPerSecond);

    public double BestEndToEndImagesPerSecond => Runs.Max(r => r.EndToEnd.ImagesPerSecond);

    /// <summary>Best end-to-end run over best raw run: the ratio with interference from other processes filtered out.</summary>
    public double BestRatio => BestEndToEndImagesPerSecond / BestRawImagesPerSecond;

    public double InferenceMsPerImage => 1000 / RawImagesPerSecond;

    public double DecodeMsPerImage => Median(Runs.Select(r => r.Pipeline.Decode.TotalMilliseconds / r.Pipeline.Images));

    public double TensorizeMsPerImage => Median(Runs.Select(r => r.Pipeline.Tensorize.TotalMilliseconds / r.Pipeline.Images));

    public double EndToEndMsPerImage => 1000 / EndToEndImagesPerSecond;

    public double IntakeSeconds => Median(Runs.Select(r => r.EndToEnd.Intake.TotalSeconds));

    public double ProcessingSeconds => Median(Runs.Select(r => r.EndToEnd.Processing.TotalSeconds));

    public double TailSeconds => Median(Runs.Select(r => r.EndToEnd.Tail.TotalSeconds));

    /// <summary>Processing time not spent in the pipeline's timed part: reading items, writing results, the chunk queue.</summary>
    public double ChunkOverheadSeconds => Median(Runs.Select(r => (r.EndToEnd.Processing - r.EndToEnd.PipelineTime).TotalSeconds));

    public double PipelineSeconds => Median(Runs.Select(r => r.EndToEnd.PipelineTime.TotalSeconds));

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
