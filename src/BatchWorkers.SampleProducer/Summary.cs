using System.Text.Json;
using BatchWorkers.Contracts;
using Spectre.Console;

namespace BatchWorkers.SampleProducer;

/// <summary>Prints what the worker made of each sample job, and whether that is what was expected.</summary>
public static class Summary
{
    public static async Task<bool> PrintAsync(
        IReadOnlyList<SampleJob> jobs, IReadOnlyDictionary<string, string> outcomes, IReadOnlyDictionary<string, Guid> jobIds,
        BatchWorkersApiClient api, CancellationToken cancellationToken)
    {
        var table = new Table().Title("Sample jobs").AddColumns("Job", "Job id", "Final state", "Items ok / failed", "Correct labels", "As expected");
        var reasons = new List<string>();
        var errors = new Table().Title("Item errors (each recorded on its item; the rest of the job ran)").AddColumns("Job", "Item", "Error code", "Message");
        var allAsExpected = true;
        foreach (var job in jobs)
        {
            var outcome = outcomes.GetValueOrDefault(job.Key, "no event received");
            var state = outcome.Split(':')[0];
            if (outcome.Length > state.Length)
            {
                reasons.Add($"[bold]{Markup.Escape(job.Title)}[/]: {Markup.Escape(outcome)}");
            }

            var expected = state == job.ExpectedState.ToString();
            var (ok, failed, correct) = (0, 0, 0);
            if (jobIds.TryGetValue(job.Key, out var id))
            {
                await foreach (var result in api.StreamResultsAsync(id, cancellationToken))
                {
                    if (result.Succeeded)
                    {
                        ok++;
                        correct += TopLabel(result) == job.Images[result.Index].ExpectedLabel ? 1 : 0;
                    }
                    else
                    {
                        failed++;
                        errors.AddRow(Markup.Escape(job.Title), Markup.Escape(result.Name ?? $"#{result.Index}"), result.ErrorCode ?? "", Markup.Escape(result.Error ?? ""));
                    }
                }
            }

            // A trained model may miss the odd image; nine in ten right is what the sample expects.
            expected &= ok == 0 || correct >= 0.9 * ok;
            allAsExpected &= expected;
            table.AddRow(
                Markup.Escape(job.Title), id == Guid.Empty ? "-" : id.ToString(), Markup.Escape(state), $"{ok} / {failed}",
                ok == 0 ? "-" : $"{correct}/{ok}", expected ? "[green]yes[/]" : "[red]no[/]");
        }

        AnsiConsole.Write(table);
        foreach (var reason in reasons)
        {
            AnsiConsole.MarkupLine($"Job failure, as intended by the sample — {reason}");
        }

        if (errors.Rows.Count > 0)
        {
            AnsiConsole.Write(errors);
        }

        return allAsExpected;
    }

    private static string? TopLabel(ItemResult result) =>
        result.Output is { } output && output.TryGetProperty("topK", out var top) && top.GetArrayLength() > 0
            ? top[0].GetProperty("label").GetString()
            : null;
}
