using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;

namespace BatchWorkers.Tests.Explainability;

/// <summary>
/// A worker killed while computing reports: the reports it had not finished are computed by another worker, each is
/// stored once, and the results they explain are unchanged.
/// </summary>
public sealed class ExplanationRestartTests(ExplanationRestartTests.Fixture fixture) : IClassFixture<ExplanationRestartTests.Fixture>
{
    /// <summary>The in-process worker runs inference but computes no reports; the worker processes do.</summary>
    public sealed class Fixture : WorkerFixture
    {
        protected override void AddModels(string store) => TestModels.AddTextModels(store);

        protected override void Configure(Dictionary<string, string> settings) => settings["Explain:Concurrency"] = "0";
    }

    [Fact]
    public async Task WorkerKilledMidReports_AnotherFinishesThem_EachStoredOnce_ResultsUnchanged()
    {
        const int Items = 30;
        var job = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.Translation, Model = TestModels.Translator, Explain = new ExplainSettings { Mode = ExplainMode.All, Budget = 400 },
            Items = [.. Enumerable.Range(0, Items).Select(i => JobItem.FromText($"Good morning, my friend number {i}. We love the garden and the house today."))],
        });
        await fixture.WaitForFinalAsync(job.Id);
        var results = (await fixture.ResultsAsync(job.Id)).Select(r => r.Output!.Value.GetRawText()).ToList();
        var reporting = new Dictionary<string, string>(fixture.Settings) { ["Explain:Concurrency"] = "1", ["Scheduling:InvisibilityTimeout"] = "00:00:03" };

        await using (var doomed = await WorkerProcess.StartAsync(reporting, WorkerProcess.FreePort()))
        {
            await Eventually.HoldsAsync(async () => (await DoneAsync(job.Id)) >= 3, "a few reports");
            doomed.Kill();
        }

        var doneBeforeKill = await DoneAsync(job.Id);
        Assert.InRange(doneBeforeKill, 3, Items - 1);
        await using var survivor = await WorkerProcess.StartAsync(reporting, WorkerProcess.FreePort());
        await Eventually.HoldsAsync(async () => await DoneAsync(job.Id) == Items, "every report", TimeSpan.FromMinutes(3));

        Assert.Equal(Items, await fixture.ScalarAsync("select count(*) from explanation_assets where job_id = @id", ("id", job.Id)));
        Assert.Equal(0, await fixture.ScalarAsync("select count(*) from explanations where job_id = @id and state <> 'done'", ("id", job.Id)));
        Assert.Equal(results, (await fixture.ResultsAsync(job.Id)).Select(r => r.Output!.Value.GetRawText()));
    }

    private async Task<int> DoneAsync(Guid jobId) => (await fixture.Api.GetJobAsync(jobId)).Explanations?.Done ?? 0;
}
