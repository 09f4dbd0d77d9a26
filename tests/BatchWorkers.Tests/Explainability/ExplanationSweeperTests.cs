using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;
using BatchWorkers.Worker.Explainability;
using Microsoft.Extensions.DependencyInjection;

namespace BatchWorkers.Tests.Explainability;

/// <summary>
/// A worker killed between recording a report and queueing its Hangfire job leaves the report pending with no job
/// (found by the fault suite): the sweeper queues it again after a minute, and leaves reports that are queued alone.
/// </summary>
public sealed class ExplanationSweeperTests(ExplanationSweeperTests.Fixture fixture) : IClassFixture<ExplanationSweeperTests.Fixture>
{
    public sealed class Fixture : WorkerFixture
    {
        protected override void AddModels(string store) => TestModels.AddTextModels(store);
    }

    [Fact]
    public async Task ReportRecordedButNeverQueued_SweeperQueuesIt_QueuedReportLeftAlone()
    {
        var job = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.Translation, Model = TestModels.Translator, Explain = new ExplainSettings { Mode = ExplainMode.All, Budget = 100 },
            Items = [JobItem.FromText("Good morning, my friend."), JobItem.FromText("I love coffee and tea.")],
        });
        await fixture.WaitForFinalAsync(job.Id);
        await Eventually.HoldsAsync(async () => await DoneAsync(job.Id) == 2, "both reports");
        var id = ("id", (object)job.Id);
        // Item 0: recorded two minutes ago, its job never queued (the worker died in between).
        // Item 1: recorded as long ago, but queued a moment ago (behind a backlog): not the sweeper's business.
        await fixture.ScalarAsync("delete from explanation_assets where job_id = @id", id);
        await fixture.ScalarAsync("""
            update explanations set state = 'pending', report = null, completed_at = null, requested_at = now() - interval '2 minutes',
                queued_at = case when item_index = 0 then null else now() end
            where job_id = @id
            """, id);
        var item1QueuedAt = await QueuedAtAsync(job.Id, 1);

        using (var scope = fixture.Worker.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ExplanationSweeper>().RunAsync(CancellationToken.None);
        }

        Assert.NotEqual(0, await QueuedAtAsync(job.Id, 0));
        Assert.Equal(item1QueuedAt, await QueuedAtAsync(job.Id, 1));
        await Eventually.HoldsAsync(
            async () => await fixture.ScalarAsync("select count(*) from explanations where job_id = @id and item_index = 0 and state = 'done'", id) == 1,
            "the re-queued report to be computed");
        Assert.True(await fixture.ScalarAsync("select count(*) from explanation_assets where job_id = @id and item_index = 0", id) > 0);
    }

    private async Task<int> DoneAsync(Guid jobId) => (await fixture.Api.GetJobAsync(jobId)).Explanations?.Done ?? 0;

    private Task<long> QueuedAtAsync(Guid jobId, int itemIndex) => fixture.ScalarAsync(
        "select coalesce(extract(epoch from queued_at) * 1000000, 0)::bigint from explanations where job_id = @id and item_index = @i",
        ("id", jobId), ("i", itemIndex));
}
