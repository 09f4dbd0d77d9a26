using System.Net.Http.Json;
using System.Text;
using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;
using BatchWorkers.Worker.Explainability;
using Microsoft.Extensions.DependencyInjection;

namespace BatchWorkers.Tests.Explainability;

/// <summary>
/// Translation and summarization jobs with explain: each explained item gets a token-attribution report with an HTML
/// page, computed apart from inference, stored once, readable through the API and the report pages.
/// </summary>
public sealed class TextExplanationTests(TextExplanationTests.Fixture fixture) : IClassFixture<TextExplanationTests.Fixture>
{
    public sealed class Fixture : WorkerFixture
    {
        protected override void AddModels(string store) => TestModels.AddTextModels(store);
    }

    [Fact]
    public async Task TranslateWithExplainAll_EveryItemGetsAnAttributionReportAndPage()
    {
        var job = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.Translation, Model = TestModels.Translator, Explain = new ExplainSettings { Mode = ExplainMode.All, Budget = 50 },
            Items = [JobItem.FromText("Good morning, my friend."), JobItem.FromText("I love <coffee> & tea.")],
        });

        await WaitForReportsAsync(job.Id, 2);
        var explanation = await fixture.Api.GetExplanationAsync(job.Id, 1);

        Assert.Equal(("attribution", "done"), (explanation.Kind, explanation.State));
        Assert.Equal(["tokens.html"], explanation.Assets);
        var report = explanation.Report!.Value;
        Assert.True(report.GetProperty("evaluations").GetInt32() <= 49);
        // The sample model spells "coffee" out after the unknown '<', one piece per letter.
        Assert.Contains("coffee", string.Concat(report.GetProperty("tokens").EnumerateArray().Select(t => t.GetProperty("text").GetString())), StringComparison.Ordinal);
        var html = Encoding.UTF8.GetString(await fixture.Api.GetExplanationAssetAsync(job.Id, 1, "tokens.html"));
        Assert.Contains("&amp;", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" & ", html, StringComparison.Ordinal);
        using var page = await fixture.Http.GetAsync($"reports/jobs/{job.Id}/items/1");
        Assert.Contains("tokens.html", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SummarizeWithExplainSample_OnlyTheSampledItemsExplained()
    {
        var texts = Enumerable.Range(0, 6).Select(i => JobItem.FromText($"The city said the new service is ready {i}. More later.")).ToList();
        var job = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.Summarization, Model = TestModels.Summarizer, Explain = new ExplainSettings { Mode = ExplainMode.Sample, SampleSize = 2, Budget = 30 },
            Items = texts,
        });

        await WaitForReportsAsync(job.Id, 2);

        Assert.Equal(2, await fixture.ScalarAsync("select count(*) from explanations where job_id = @id", ("id", job.Id)));
        Assert.Equal(new ExplanationCounts(2, 2, 0), (await fixture.Api.GetJobAsync(job.Id)).Explanations);
    }

    [Fact]
    public async Task ReportRunTwice_StoredOnce_ResultUnchanged()
    {
        var job = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.Translation, Model = TestModels.Translator, Explain = new ExplainSettings { Mode = ExplainMode.All, Budget = 20 },
            Items = [JobItem.FromText("Hello world.")],
        });
        await WaitForReportsAsync(job.Id, 1);
        var before = await fixture.Api.GetExplanationAsync(job.Id, 0);
        var resultBefore = (await fixture.ResultsAsync(job.Id)).Single();

        await using (var scope = fixture.Worker.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ExplainItemJob>().RunAsync(job.Id, 0, CancellationToken.None);
        }

        var after = await fixture.Api.GetExplanationAsync(job.Id, 0);
        Assert.Equal(before.CompletedAt, after.CompletedAt);
        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from explanation_assets where job_id = @id", ("id", job.Id)));
        Assert.Equal(resultBefore.Output!.Value.GetRawText(), (await fixture.ResultsAsync(job.Id)).Single().Output!.Value.GetRawText());
    }

    [Fact]
    public async Task Explain_AbsurdBudget_JobRejected()
    {
        using var response = await fixture.Http.PostAsJsonAsync("api/jobs", new SubmitJobRequest
        {
            Type = JobType.Translation, Model = TestModels.Translator, Explain = new ExplainSettings { Mode = ExplainMode.All, Budget = 10_000_000 },
            Items = [JobItem.FromText("Hello.")],
        }, BatchWorkersJson.Options);

        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("explain.budget must be between 10 and", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private Task WaitForReportsAsync(Guid jobId, int count) => Eventually.HoldsAsync(
        async () => (await fixture.Api.GetJobAsync(jobId)).Explanations is { } x && x.Done + x.Failed == count && x.Requested == count,
        $"{count} reports of job {jobId}", TimeSpan.FromMinutes(2));
}
