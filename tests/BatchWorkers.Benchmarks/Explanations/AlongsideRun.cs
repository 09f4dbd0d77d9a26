using BatchWorkers.Benchmarks.Measurements;

namespace BatchWorkers.Benchmarks.Explanations;

/// <summary>
/// One pair: the inference job alone, and the same job while another job's reports are being computed, with how far
/// those reports got during it.
/// </summary>
/// <param name="DoneBefore">Reports done when the measured job was published.</param>
/// <param name="DoneDuring">Reports finished while the measured job ran.</param>
/// <param name="PendingAfter">Reports still waiting when it ended: above zero, reports ran alongside for the whole job.</param>
/// <param name="MsPerReport">Median gap between consecutive reports once inference had ended: one report, start to stored.</param>
public sealed record AlongsideRun(
    int Run, EndToEndRun Alone, EndToEndRun Alongside, int DoneBefore, int DoneDuring, int PendingAfter, double MsPerReport)
{
    public double Ratio => Alongside.ImagesPerSecond / Alone.ImagesPerSecond;
}
