using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;
using BatchWorkers.Worker.Translation;

namespace BatchWorkers.Tests.Explainability;

/// <summary>
/// A delivery that wrote some results and died before requesting their reports (found by the fault suite: a
/// PostgreSQL or RabbitMQ restart mid-chunk): the redelivery requests them, so no report is lost.
/// </summary>
public sealed class ReportsAfterRedeliveryTests(ReportsAfterRedeliveryTests.Fixture fixture) : IClassFixture<ReportsAfterRedeliveryTests.Fixture>
{
    public sealed class Fixture : WorkerFixture
    {
        protected override void AddModels(string store) => TestModels.AddTextModels(store);
    }

    [Fact]
    public async Task ChunkRedelivered_AfterResultsWrittenWithoutReports_RequestsTheMissingReports()
    {
        var job = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.Translation, Model = TestModels.Translator, Explain = new ExplainSettings { Mode = ExplainMode.All, Budget = 100 },
            Items = [.. Enumerable.Range(0, 4).Select(i => JobItem.FromText($"Good morning, my friend number {i}."))],
        });
        await fixture.WaitForFinalAsync(job.Id);
        var id = ("id", (object)job.Id);
        await Eventually.HoldsAsync(async () => await fixture.ScalarAsync("select count(*) from explanations where job_id = @id and state = 'done'", id) == 4, "four reports");
        // As if the first delivery wrote items 0, 1 and 3, then died before requesting their reports and before item 2.
        await fixture.ScalarAsync("delete from explanations where job_id = @id", id);
        await fixture.ScalarAsync("delete from item_results where job_id = @id and item_index = 2", id);
        await fixture.ScalarAsync("update job_chunks set state = 'Pending' where job_id = @id", id);
        await fixture.ScalarAsync("update jobs set state = 'Running', finished_at = null, event_published_at = null where id = @id", id);

        await fixture.Bus.Publish(new TranslateTextsChunk(job.Id, 0));

        await Eventually.HoldsAsync(
            async () => await fixture.ScalarAsync("select count(*) from explanations where job_id = @id and state = 'done'", id) == 4,
            "a report for every item again, those written by the first delivery included", TimeSpan.FromMinutes(2));
        Assert.Equal(4, await fixture.ScalarAsync("select count(*) from item_results where job_id = @id and succeeded", id));
    }
}
