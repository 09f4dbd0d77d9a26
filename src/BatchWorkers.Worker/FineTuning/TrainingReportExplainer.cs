using System.Text.Json;
using BatchWorkers.Contracts;
using BatchWorkers.Explainability.FineTuning;
using BatchWorkers.Worker.Explainability;
using BatchWorkers.Worker.Jobs;
using BatchWorkers.Worker.Models.Registry;

namespace BatchWorkers.Worker.FineTuning;

/// <summary>A training run's report: loss and accuracy curves per epoch, the confusion matrix and per-class metrics.</summary>
public sealed class TrainingReportExplainer(ModelRegistry registry) : IItemExplainer
{
    public JobType Type => JobType.FineTune;

    public async Task<ExplanationReport> ExplainAsync(JobRecord job, PendingItem item, ItemResult result, int budget, CancellationToken cancellationToken)
    {
        var version = result.ModelVersion ?? throw new InvalidOperationException("The training run registered no model version.");
        var record = await registry.GetAsync(job.ModelName, version, cancellationToken)
            ?? throw new InvalidOperationException($"Model {job.ModelName} version {version} is no longer registered.");
        var charts = TrainingCharts.Build(TrainingRun.FromMetricsJson(record.Metrics), $"{job.ModelName} version {version}");
        var assets = new List<ExplanationAsset>();
        if (charts.CurvesPng is { } curves)
        {
            assets.Add(new ExplanationAsset("curves.png", "image/png", curves));
        }

        if (charts.ConfusionMatrixPng is { } confusion)
        {
            assets.Add(new ExplanationAsset("confusion.png", "image/png", confusion));
        }

        var report = JsonSerializer.Serialize(new { charts.Run, charts.Metrics }, BatchWorkersJson.Options);
        return new ExplanationReport("training", report, assets);
    }
}
