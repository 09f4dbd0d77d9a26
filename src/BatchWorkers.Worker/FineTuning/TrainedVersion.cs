using System.Text.Json;
using BatchWorkers.Contracts;
using BatchWorkers.Worker.Jobs;
using BatchWorkers.Worker.Models.Registry;

namespace BatchWorkers.Worker.FineTuning;

/// <summary>
/// A fine-tune job's result, read from the version it registered: a run that finishes after an outage with the version
/// an earlier run registered gives the same result as the earlier run would have.
/// </summary>
public static class TrainedVersion
{
    public static ItemOutcome Outcome(ModelVersionRecord version, FineTuneMode mode, GateDecision? decision)
    {
        var metrics = JsonSerializer.Deserialize<Metrics>(version.Metrics, JsonSerializerOptions.Web) ?? new Metrics();
        var output = JsonSerializer.Serialize(new
        {
            model = version.Name, version = version.Version, mode, accuracy = metrics.Accuracy, macroF1 = metrics.MacroF1,
            bestEpoch = metrics.BestEpoch, epochsRun = metrics.EpochsRun, promoted = decision?.Promote ?? false, gate = decision?.Reason,
            trainingSeconds = metrics.TrainingSeconds, device = metrics.Device,
        }, BatchWorkersJson.Options);
        return new ItemOutcome(0, true, output, null, null, version.Version, metrics.Device, metrics.TrainingSeconds * 1000);
    }

    /// <summary>The parts of the registered metrics that the job's result repeats.</summary>
    private sealed record Metrics(
        double Accuracy = 0, double MacroF1 = 0, int BestEpoch = 0, int EpochsRun = 0, string? Device = null, double TrainingSeconds = 0);
}
