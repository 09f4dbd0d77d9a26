using System.Globalization;
using System.Net;
using System.Text.Json;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.Server;

namespace BatchWorkers.Worker.FineTuning;

/// <summary>
/// Training progress on the Hangfire dashboard: the runner keeps it in a job parameter, and a job-details renderer
/// shows it (epoch, step, loss, accuracy) on the job's page while it runs.
/// </summary>
public static class DashboardProgress
{
    public const string ParameterName = "training-progress";

    public static Action<string> Writer(JobStorage storage, PerformContext? context) => json =>
    {
        if (context?.BackgroundJob.Id is { } hangfireJobId)
        {
            using var connection = storage.GetConnection();
            connection.SetJobParameter(hangfireJobId, ParameterName, json);
        }
    };

    private static int _registered;

    /// <summary>Registers the renderer once per process: Hangfire keeps renderers in a static list.</summary>
    public static IGlobalConfiguration UseTrainingProgress(this IGlobalConfiguration configuration) =>
        Interlocked.Exchange(ref _registered, 1) == 1
            ? configuration
            : configuration.UseJobDetailsRenderer(10, dto =>
                new NonEscapedString(dto.JobDetails.Properties is { } properties && properties.TryGetValue(ParameterName, out var json)
                    ? Render(json) ?? ""
                    : ""));

    private static string? Render(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var p = document.RootElement;
            var text = string.Create(CultureInfo.InvariantCulture,
                $"Training progress: epoch {p.GetProperty("epoch").GetInt32()} of {p.GetProperty("totalEpochs").GetInt32()}, step {p.GetProperty("step").GetInt32()} of {p.GetProperty("stepsPerEpoch").GetInt32()}, loss {p.GetProperty("loss").GetDouble():0.####}, accuracy {p.GetProperty("accuracy").GetDouble():P1}");
            return $"<div class=\"alert alert-info\">{WebUtility.HtmlEncode(text)}</div>";
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}
