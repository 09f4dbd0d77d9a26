using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;

namespace BatchWorkers.Tests.Privacy;

/// <summary>
/// Redaction in text jobs: <c>stored</c> masks what is kept (input and output), <c>all</c> also what the model sees;
/// placeholders come through translation intact; items record counts by kind, never values.
/// </summary>
public sealed class RedactionJobTests(RedactionJobTests.Fixture fixture) : IClassFixture<RedactionJobTests.Fixture>
{
    public sealed class Fixture : WorkerFixture
    {
        protected override void AddModels(string store) => TestModels.AddTextModels(store);

        protected override void Configure(Dictionary<string, string> settings)
        {
            settings["Privacy:DefaultRedaction"] = "Stored";
            settings["Privacy:CustomPatterns:EMPLOYEE_ID"] = @"\bEMP-\d{6}\b";
        }
    }

    private const string Email = "anna.berg@example.com";
    private const string Phone = "+44 20 7946 0958";
    private const string Iban = "GB82 WEST 1234 5698 7654 32";
    private const string Card = "4111 1111 1111 1111";

    [Fact]
    public async Task TranslateWithRedactAll_ModelNeverSeesTheData_PlaceholdersSurviveTranslation()
    {
        var (job, output) = await RunAsync(JobType.Translation, TestModels.Translator, RedactionMode.All,
            $"Good morning, my friend. Write to {Email} or call {Phone} today, EMP-123456.");

        Assert.Equal("Guten Morgen, mein Freund. Write to [EMAIL] or call [PHONE] heute, [EMPLOYEE_ID].", output.Text);
        Assert.Equal(new Dictionary<string, int> { ["EMAIL"] = 1, ["PHONE"] = 1, ["EMPLOYEE_ID"] = 1 }, output.Redacted!.Input);
        Assert.Empty(output.Redacted.Output);
        await AssertNotStoredAsync(job.Id, Email, "7946", "123456");
        Assert.Equal(1, await fixture.ScalarAsync(
            "select count(*) from job_items where job_id = @id and text_content like 'Good morning, my friend. Write to [EMAIL]%'", ("id", job.Id)));
    }

    // The sample summarizer spells out what it has no word for and knows no '@' or '+', so these use IBANs and cards.
    [Fact]
    public async Task SummarizeWithRedactStored_ModelSeesTheText_StoredInputAndOutputMasked()
    {
        var (job, output) = await RunAsync(JobType.Summarization, TestModels.Summarizer, RedactionMode.Stored,
            $"Pay to {Iban} this week. Write to {Email} with questions.");

        Assert.Equal("Pay to [IBAN] this week.", output.Text);
        Assert.Equal(new Dictionary<string, int> { ["IBAN"] = 1, ["EMAIL"] = 1 }, output.Redacted!.Input);
        Assert.Equal(new Dictionary<string, int> { ["IBAN"] = 1 }, output.Redacted.Output);
        await AssertNotStoredAsync(job.Id, Email, "WEST 1234");
    }

    [Fact]
    public async Task RedactNone_NothingMasked_NoCountsRecorded()
    {
        var (job, output) = await RunAsync(JobType.Summarization, TestModels.Summarizer, RedactionMode.None, $"Card {Card} works. Thanks.");

        Assert.Equal($"Card {Card} works.", output.Text);
        Assert.Null(output.Redacted);
        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from job_items where job_id = @id and text_content like '%' || @card || '%'",
            ("id", job.Id), ("card", Card)));
    }

    [Fact]
    public async Task NoModeGiven_TheConfiguredDefaultApplies()
    {
        var (job, output) = await RunAsync(JobType.Summarization, TestModels.Summarizer, null, $"Card {Card} works. Thanks.");

        Assert.Equal("Card [CARD] works.", output.Text);
        await AssertNotStoredAsync(job.Id, "4111 1111");
    }

    private async Task<(JobStatus Job, TextGenerationOutput Output)> RunAsync(JobType type, string model, RedactionMode? mode, string text)
    {
        var job = await fixture.Api.SubmitAsync(new SubmitJobRequest { Type = type, Model = model, Redact = mode, Items = [JobItem.FromText(text)] });
        Assert.Equal(JobState.Succeeded, (await fixture.WaitForFinalAsync(job.Id)).State);
        var result = Assert.Single(await fixture.ResultsAsync(job.Id));
        return (job, System.Text.Json.JsonSerializer.Deserialize<TextGenerationOutput>(result.Output!.Value, BatchWorkersJson.Options)!);
    }

    private async Task AssertNotStoredAsync(Guid jobId, params string[] values)
    {
        foreach (var value in values)
        {
            Assert.Equal(0, await fixture.ScalarAsync("""
                select (select count(*) from job_items i where i.job_id = @id and i::text like '%' || @value || '%')
                     + (select count(*) from item_results r where r.job_id = @id and r::text like '%' || @value || '%')
                """, ("id", jobId), ("value", value)));
        }
    }
}
