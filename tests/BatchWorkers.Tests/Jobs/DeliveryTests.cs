using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;
using BatchWorkers.Worker.ImageClassification;

namespace BatchWorkers.Tests.Jobs;

/// <summary>At-least-once delivery: duplicates and crashes never lose or double a result.</summary>
public sealed class DeliveryTests(WorkerFixture fixture) : IClassFixture<WorkerFixture>
{
    [Fact]
    public async Task SameChunkDeliveredTwice_EachResultWrittenOnce()
    {
        var job = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.ImageClassification, Model = TestModels.Colours,
            Items = [.. TestImages.Mixed(8).Select(i => JobItem.FromBytes(i.Bytes))],
        });
        await fixture.WaitForFinalAsync(job.Id);
        var firstWrite = await fixture.ScalarAsync(
            "select extract(epoch from completed_at) * 1000000 from item_results where job_id = @id and item_index = 0", ("id", job.Id));
        // As if the worker crashed after writing item 0 but before item 1 and before closing the chunk.
        await fixture.ScalarAsync("delete from item_results where job_id = @id and item_index = 1", ("id", job.Id));
        await fixture.ScalarAsync("update job_chunks set state = 'Pending' where job_id = @id and chunk_index = 0", ("id", job.Id));
        await fixture.ScalarAsync("update jobs set state = 'Running', finished_at = null, event_published_at = null where id = @id", ("id", job.Id));

        await Task.WhenAll(fixture.Bus.Publish(new ClassifyImagesChunk(job.Id, 0)), fixture.Bus.Publish(new ClassifyImagesChunk(job.Id, 0)));
        await Eventually.HoldsAsync(
            async () => await fixture.ScalarAsync("select count(*) from job_chunks where job_id = @id and state = 'Pending'", ("id", job.Id)) == 0,
            "the redelivered chunk to close");
        await fixture.WaitForFinalAsync(job.Id);

        Assert.Equal(8, await fixture.ScalarAsync("select count(*) from item_results where job_id = @id", ("id", job.Id)));
        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from item_results where job_id = @id and item_index = 1", ("id", job.Id)));
        Assert.Equal(firstWrite, await fixture.ScalarAsync(
            "select extract(epoch from completed_at) * 1000000 from item_results where job_id = @id and item_index = 0", ("id", job.Id)));
    }

    [Fact]
    public async Task WorkerKilledMidJob_OtherWorkerFinishesIt_EveryItemExactlyOnce()
    {
        await using var doomed = await WorkerProcess.StartAsync(fixture.Settings, WorkerProcess.FreePort());
        const int items = 240;
        var image = TestImages.Solid(TestImages.Green, 256, 256);
        var job = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.ImageClassification, Model = TestModels.Slow,
            Items = [.. Enumerable.Range(0, items).Select(_ => JobItem.FromBytes(image))],
        });
        var doomedName = $"%:{doomed.Id}";

        await Eventually.HoldsAsync(
            async () => await fixture.ScalarAsync("select count(*) from item_results where job_id = @id and worker like @w", ("id", job.Id), ("w", doomedName)) > 0,
            "the doomed worker to write results");
        var before = await fixture.Api.GetJobAsync(job.Id);
        doomed.Kill();
        var status = await fixture.WaitForFinalAsync(job.Id, TimeSpan.FromMinutes(3));

        Assert.False(before.IsFinal, "the kill must happen mid-job");
        Assert.Equal(JobState.Succeeded, status.State);
        Assert.Equal(items, await fixture.ScalarAsync("select count(*) from item_results where job_id = @id", ("id", job.Id)));
        Assert.Equal(items, await fixture.ScalarAsync("select count(distinct item_index) from item_results where job_id = @id", ("id", job.Id)));
        Assert.Equal(2, await fixture.ScalarAsync("select count(distinct worker) from item_results where job_id = @id", ("id", job.Id)));
        Assert.Equal(0, await fixture.ScalarAsync("select count(*) from job_chunks where job_id = @id and state <> 'Done'", ("id", job.Id)));
    }
}
