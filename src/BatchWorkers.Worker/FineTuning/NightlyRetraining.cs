using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using BatchWorkers.Contracts;
using BatchWorkers.Worker.FineTuning.Examples;
using BatchWorkers.Worker.Jobs;
using BatchWorkers.Worker.Models.Registry;
using Dapper;
using Hangfire;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BatchWorkers.Worker.FineTuning;

/// <summary>
/// Scheduled retraining of one model (a Hangfire recurring job per configured model): when enough labelled examples
/// arrived since its last trained version, submit a fine-tune job on all its examples (the gate then promotes or
/// keeps it a candidate); otherwise skip. Either way the decision is recorded in <c>retraining_runs</c>.
/// </summary>
public sealed class NightlyRetraining(
    LabelledExampleStore examples, ModelRegistry registry, JobIntake intake, NpgsqlDataSource dataSource,
    IOptions<FineTuneOptions> options, TimeProvider time, ILogger<NightlyRetraining> logger)
{
    public static string RecurringJobId(string model) => $"nightly-retrain:{model}";

    [DisplayName("Nightly retraining of {0}")]
    [Queue("maintenance")]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 0)]
    public async Task<string> RunAsync(string model, CancellationToken cancellationToken)
    {
        var schedule = options.Value.Nightly.FirstOrDefault(n => n.Model == model)
            ?? throw new InvalidOperationException($"No FineTuning:Nightly entry for model '{model}'.");
        var watermark = await LastTrainedExampleAsync(model, cancellationToken);
        var (count, _) = await examples.CountAfterAsync(model, watermark, cancellationToken);
        if (count < schedule.MinNewExamples)
        {
            var reason = $"{count} new labelled examples since the last version; at least {schedule.MinNewExamples} are needed.";
            await RecordAsync(model, "skipped", reason, count, null, cancellationToken);
            return $"Skipped: {reason}";
        }

        var day = time.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var settings = new FineTuneSettings { UseLabelledExamples = true, Epochs = schedule.Epochs };
        var submitted = await intake.SubmitAsync(new JobSubmission(
            JobType.FineTune, model, null, JobPriority.Low, $"nightly:{model}:{day}:{watermark}", FineTuneParameters.ToJson(settings), [], "schedule"),
            cancellationToken);
        await RecordAsync(model, "started", $"{count} new labelled examples since the last version.", count, submitted.JobId, cancellationToken);
        logger.LogInformation("Nightly retraining of {Model} started fine-tune job {JobId} ({Count} new examples)", model, submitted.JobId, count);
        return $"Started fine-tune job {submitted.JobId} on {count} new examples.";
    }

    // The highest example id any registered version of the model was trained on (recorded in its metrics).
    private async Task<long> LastTrainedExampleAsync(string model, CancellationToken cancellationToken)
    {
        var versions = (await registry.ListAsync(cancellationToken)).Where(v => v.Name == model);
        return versions.Select(v =>
        {
            using var metrics = JsonDocument.Parse(v.Metrics);
            return metrics.RootElement.TryGetProperty("examplesUpTo", out var upTo) && upTo.ValueKind == JsonValueKind.Number ? upTo.GetInt64() : 0;
        }).DefaultIfEmpty(0).Max();
    }

    private async Task RecordAsync(string model, string decision, string reason, int newExamples, Guid? jobId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into retraining_runs (model_name, decided_at, decision, reason, new_examples, job_id)
            values (@model, @now, @decision, @reason, @newExamples, @jobId)
            """, new { model, now = time.GetUtcNow().UtcDateTime, decision, reason, newExamples, jobId }, cancellationToken: cancellationToken));
    }
}
