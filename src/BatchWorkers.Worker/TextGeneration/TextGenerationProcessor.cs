using System.Diagnostics;
using System.Text.Json;
using BatchWorkers.Contracts;
using BatchWorkers.Privacy;
using BatchWorkers.Seq2Seq.Generation;
using BatchWorkers.Seq2Seq.Pipelines;
using BatchWorkers.Worker.Jobs;
using BatchWorkers.Worker.Jobs.Inputs;
using BatchWorkers.Worker.Models;
using BatchWorkers.Worker.Privacy.Redaction;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace BatchWorkers.Worker.TextGeneration;

/// <summary>
/// Runs a chunk of a translation or summarization job: reads each item's text, generates for all of them in
/// length-sorted batches on the model's shared pipeline, and records per item the output, token counts, settings
/// and timings. A bad item fails alone; a model that cannot be used fails the chunk's items with the reason.
/// </summary>
public sealed class TextGenerationProcessor(
    Seq2SeqTask task, ModelCatalog catalog, Seq2SeqPipelineCache pipelines, TextItemReader reader, Redactor redactor,
    IOptions<TextGenerationOptions> options, IOptions<InputOptions> inputs, IOptions<PrivacyOptions> privacy,
    ILogger<TextGenerationProcessor> logger) : IChunkProcessor
{
    public async Task<IReadOnlyList<ItemOutcome>> ProcessAsync(JobRecord job, IReadOnlyList<PendingItem> items, CancellationToken cancellationToken)
    {
        ModelVersionInfo model;
        ModelLease<LoadedPipeline> lease;
        try
        {
            model = await catalog.ResolveAsync(job.ModelName, job.ModelVersion, cancellationToken);
            lease = pipelines.Acquire(model, task);
        }
        catch (Exception ex) when (ex is JobRejectedException or ModelIntegrityException or OnnxRuntimeException or IOException
                                       or JsonException or InvalidDataException or NotSupportedException)
        {
            logger.LogError(ex, "Model {Model} {Version} cannot be used for job {JobId}", job.ModelName, job.ModelVersion, job.Id);
            var code = ex switch
            {
                JobRejectedException rejected => rejected.Code,
                ModelIntegrityException => ItemErrorCodes.ModelIntegrity,
                _ => ItemErrorCodes.ModelFailed,
            };
            return [.. items.Select(i => ItemOutcome.Failure(i.ItemIndex, code, $"Model {job.ModelName} {job.ModelVersion} cannot be used: {ex.Message}"))];
        }

        using (lease)
        {
            return await RunAsync(job, model, lease.Value.Pipeline, lease.Value.ExecutionProvider, items, cancellationToken);
        }
    }

    private async Task<IReadOnlyList<ItemOutcome>> RunAsync(
        JobRecord job, ModelVersionInfo model, Seq2SeqPipeline pipeline, string provider, IReadOnlyList<PendingItem> items,
        CancellationToken cancellationToken)
    {
        var parameters = TextGenerationParameters.FromJson(job.Parameters);
        var mode = parameters.Redact ?? privacy.Value.DefaultRedaction;
        var outcomes = new List<ItemOutcome>(items.Count);
        var runnable = new List<PreparedText>();
        var texts = await ConcurrentReads.ReadAllAsync(items, inputs.Value.ConcurrentReads, reader.ReadAsync, cancellationToken);
        foreach (var (item, text) in items.Zip(texts))
        {
            if (text.Text is null)
            {
                outcomes.Add(ItemOutcome.Failure(item.ItemIndex, text.ErrorCode!, text.Error!, model.Version));
                continue;
            }

            try
            {
                runnable.Add(PreparedText.Create(item, text.Text, mode, redactor, protectPlaceholders: task == Seq2SeqTask.Translation));
            }
            catch (RedactionException ex)
            {
                outcomes.Add(ItemOutcome.Failure(item.ItemIndex, ItemErrorCodes.RedactionFailed, ex.Message, model.Version));
            }
        }

        if (runnable.Count == 0)
        {
            return outcomes;
        }

        GenerationConfig config;
        try
        {
            config = pipeline.Defaults.With(parameters.ToOverrides());
        }
        catch (ArgumentException ex)
        {
            // Checked at intake against the same defaults; only a model replaced since then gets here.
            return [.. outcomes, .. runnable.Select(r => ItemOutcome.Failure(r.Item.ItemIndex, ItemErrorCodes.InputInvalid, ex.Message, model.Version))];
        }

        var started = Stopwatch.GetTimestamp();
        var pieces = runnable.SelectMany(r => r.Pieces).ToList();
        var batchSize = options.Value.BatchSize;
        // Generation is CPU-bound and synchronous: keep it off the consumer's thread.
        var results = await Task.Run(
            () => task == Seq2SeqTask.Translation
                ? TextTranslator.Translate(pipeline, pieces, config, batchSize, cancellationToken)
                : TextSummarizer.Summarize(pipeline, pieces, config, batchSize, cancellationToken),
            cancellationToken);
        var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var generateMs = results.Sum(r => r.GenerateMs);
        var settings = TextGenerationParameters.Describe(config, pipeline.Model.SupportsCache);
        var next = 0;
        foreach (var prepared in runnable)
        {
            var own = results.Skip(next).Take(prepared.Pieces.Count).ToList();
            next += prepared.Pieces.Count;
            var combined = own.Any(r => r.Error is not null) ? TextResults.Combine(own, "") : TextResults.Combine(own, prepared.Assemble([.. own.Select(r => r.Text!)]));
            outcomes.Add(ToOutcome(prepared, combined, mode, settings, model.Version, provider, elapsedMs, generateMs, runnable.Count));
        }

        return outcomes;
    }

    private ItemOutcome ToOutcome(
        PreparedText prepared, TextResult result, RedactionMode mode, GenerationSettingsUsed settings, string version, string provider,
        double chunkMs, double generateMs, int count)
    {
        var item = prepared.Item;
        if (result.Error is { } error)
        {
            return ItemOutcome.Failure(item.ItemIndex, ItemErrorCodes.TextInvalid, error, version) with { RedactedInput = prepared.InputRedaction?.Text };
        }

        // What is stored is masked too: the model may have reproduced personal data from an unmasked input.
        var outputRedaction = mode.MasksStored() ? redactor.Redact(result.Text!) : null;
        var counts = prepared.InputRedaction is { } input ? new RedactionCounts(input.Counts, outputRedaction!.Counts) : null;

        // Tokenizing and bookkeeping are shared by the chunk's items evenly; model time is the item's own share.
        var tokenizeMs = Math.Max(0, chunkMs - generateMs) / count;
        var totalMs = tokenizeMs + result.GenerateMs;
        var output = new TextGenerationOutput(
            outputRedaction?.Text ?? result.Text!, result.InputTokens, result.OutputTokens, result.Segments, result.TruncationNote is not null,
            result.TruncationNote, result.FinishReason == FinishReason.EndOfSequence ? "eos" : "max_length", settings,
            new TextGenerationTimings(Math.Round(tokenizeMs, 3), Math.Round(result.GenerateMs, 3), Math.Round(totalMs, 3)), counts);
        return new ItemOutcome(
            item.ItemIndex, true, JsonSerializer.Serialize(output, BatchWorkersJson.Options), null, null, version, provider, totalMs,
            prepared.InputRedaction?.Text);
    }
}
