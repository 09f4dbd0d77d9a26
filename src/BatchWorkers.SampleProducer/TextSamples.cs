using System.Text.Json;
using BatchWorkers.Contracts;
using Spectre.Console;

namespace BatchWorkers.SampleProducer;

/// <summary>
/// Publishes a translation and a summarization job on the sample seq2seq models (designed weights, so their right
/// answers are known), waits for the worker's events and prints each text beside its output.
/// </summary>
public static class TextSamples
{
    public const string Translator = "glossary-en-de";
    public const string Summarizer = "lead-sentence";

    private static readonly (string Source, string Expected)[] Translations =
    [
        ("Good morning, my friend.", "Guten Morgen, mein Freund."),
        ("I love coffee and tea! The cat is small.", "Ich liebe Kaffee und Tee! Die Katze ist klein."),
        ("Hello world.\nThank you very much, Anna.", "Hallo Welt.\nDanke dir sehr viel, Anna."),
    ];

    private static readonly (string Source, string Expected)[] Summaries =
    [
        ("The city said the new service will start this year. People have to wait a little longer for it.",
            "The city said the new service will start this year."),
        ("Our customer has an order! It was sent on time and arrived the next day.", "Our customer has an order!"),
    ];

    /// <returns>Whether every output is the one the designed models must give.</returns>
    public static async Task<bool> RunAsync(
        JobSubmitter submitter, JobEvents events, BatchWorkersApiClient api, Uri workerAddress, CancellationToken cancellationToken)
    {
        var translate = await submitter.SubmitAsync(new SubmitTranslationJob
        {
            Model = Translator,
            Explain = new ExplainSettings { Mode = ExplainMode.All, Budget = 60 },
            Items = [.. Translations.Select((t, i) => JobItem.FromText(t.Source, $"text-{i}"))],
        }, cancellationToken);
        var summarize = await submitter.SubmitAsync(new SubmitSummarizationJob
        {
            Model = Summarizer,
            Generation = new GenerationSettings { NumBeams = 2 },
            Items = [.. Summaries.Select((t, i) => JobItem.FromText(t.Source, $"text-{i}"))],
        }, cancellationToken);
        AnsiConsole.MarkupLine("Published a SubmitTranslationJob (with explanation reports) and a SubmitSummarizationJob (beam search, 2 beams).");

        var table = new Table().Title("Text jobs").AddColumns("Job", "Input", "Output", "Tokens in / out", "As expected");
        var ok = await AddRowsAsync(table, "translation", translate, Translations, events, api, cancellationToken);
        ok &= await AddRowsAsync(table, "summarization", summarize, Summaries, events, api, cancellationToken);
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"Token attribution for each translation (computed in the background): {Markup.Escape(workerAddress.ToString())}reports/jobs/{await events.Accepted(translate)}");
        return ok;
    }

    private static async Task<bool> AddRowsAsync(
        Table table, string title, string key, (string Source, string Expected)[] texts, JobEvents events, BatchWorkersApiClient api,
        CancellationToken cancellationToken)
    {
        var outcome = await events.Finished(key).WaitAsync(cancellationToken);
        var jobId = await events.Accepted(key).WaitAsync(cancellationToken);
        var ok = outcome == nameof(JobState.Succeeded);
        await foreach (var result in api.StreamResultsAsync(jobId, cancellationToken))
        {
            var output = result.Output?.Deserialize<TextGenerationOutput>(BatchWorkersJson.Options);
            var expected = output?.Text == texts[result.Index].Expected;
            ok &= expected;
            table.AddRow(
                title, Markup.Escape(texts[result.Index].Source), Markup.Escape(output?.Text ?? $"{result.ErrorCode}: {result.Error}"),
                output is null ? "-" : $"{output.InputTokens} / {output.OutputTokens}", expected ? "[green]yes[/]" : "[red]no[/]");
        }

        return ok;
    }
}
