using System.Text;
using System.Text.Json;
using BatchWorkers.Contracts;
using BatchWorkers.Privacy;
using BatchWorkers.Seq2Seq.Attribution;
using BatchWorkers.Seq2Seq.Pipelines;
using BatchWorkers.Worker.Explainability;
using BatchWorkers.Worker.Jobs;
using BatchWorkers.Worker.Models;
using BatchWorkers.Worker.Privacy.Redaction;
using Microsoft.Extensions.Options;

namespace BatchWorkers.Worker.TextGeneration;

/// <summary>
/// Explains a translation or summary by occlusion of its source (tokens, sentences or spans, within the budget) on the
/// model's shared pipeline. Under redaction the masked text is explained, so a stored report holds no personal data.
/// </summary>
public sealed class TextAttributionExplainer(
    JobType type, ModelCatalog catalog, Seq2SeqPipelineCache pipelines, TextItemReader reader, Redactor redactor,
    IOptions<PrivacyOptions> privacy, ExplanationPacer pacer) : IItemExplainer
{
    public JobType Type => type;

    public async Task<ExplanationReport> ExplainAsync(JobRecord job, PendingItem item, ItemResult result, int budget, CancellationToken cancellationToken)
    {
        var text = await reader.ReadAsync(item, cancellationToken);
        if (text.Text is null)
        {
            throw new InvalidOperationException($"The item's text cannot be read any more: {text.Error}");
        }

        var parameters = TextGenerationParameters.FromJson(job.Parameters);
        var mode = parameters.Redact ?? privacy.Value.DefaultRedaction;
        var source = mode.MasksStored() ? redactor.Redact(text.Text).Text : text.Text;
        var model = await catalog.ResolveAsync(job.ModelName, job.ModelVersion, cancellationToken);
        var task = type == JobType.Translation ? Seq2SeqTask.Translation : Seq2SeqTask.Summarization;
        using var lease = pipelines.Acquire(model, task);
        var pipeline = lease.Value.Pipeline;
        var config = pipeline.Defaults.With(parameters.ToOverrides());
        // The explained output is generated once more (one evaluation): the budget covers it.
        var options = new AttributionOptions { MaxEvaluations = Math.Max(2, budget - 1), BeforeBatch = pacer.BeforeBatch };
        var report = await Task.Run(() => SourceAttribution.Explain(pipeline, source, config, options, cancellationToken), cancellationToken);
        var html = AttributionHtml.Render(report, $"Item {item.ItemIndex} of job {job.Id}");
        return new ExplanationReport(
            "attribution", JsonSerializer.Serialize(report, BatchWorkersJson.Options),
            [new ExplanationAsset("tokens.html", "text/html; charset=utf-8", Encoding.UTF8.GetBytes(html))]);
    }
}
