using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;
using BatchWorkers.Worker.ImageClassification;

namespace BatchWorkers.Tests.Jobs;

public sealed class CancellationTests(WorkerFixture fixture) : IClassFixture<WorkerFixture>
{
    [Fact]
    public async Task Cancel_MidJob_RemainingChunksDoNotRunAndCancellationIsPublished()
    {
        const int items = 200;
        var image = TestImages.Solid(TestImages.Red, 256, 256);
        var job = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.ImageClassification, Model = TestModels.Slow, IdempotencyKey = $"cancel-{Guid.NewGuid():N}",
            Items = [.. Enumerable.Range(0, items).Select(_ => JobItem.FromBytes(image))],
        });
        await Eventually.HoldsAsync(async () => (await fixture.Api.GetJobAsync(job.Id)).CompletedItems > 0, "the first results");

        var cancelled = await fixture.Api.CancelAsync(job.Id);
        var atCancel = cancelled.CompletedItems;
        await Eventually.HoldsAsync(QueueIsEmptyAsync, "every chunk message to be consumed");
        var after = await fixture.Api.GetJobAsync(job.Id);
        var failedEvent = await fixture.Events.FailedAsync(job.IdempotencyKey!);

        Assert.Equal(JobState.Cancelled, cancelled.State);
        Assert.Equal(JobState.Cancelled, after.State);
        // At most the chunks already running when the cancel arrived may still finish: one per image chunk slot.
        var running = new ImageClassificationOptions().ConcurrentChunks * int.Parse(fixture.Settings["Jobs:ChunkSize"], CultureInfo.InvariantCulture);
        Assert.InRange(after.CompletedItems, atCancel, atCancel + running);
        Assert.True(after.CompletedItems < items, "cancellation must stop the remaining chunks");
        Assert.Equal(JobState.Cancelled, failedEvent.State);
        Assert.True(await fixture.ScalarAsync("select count(*) from job_chunks where job_id = @id and state = 'Cancelled'", ("id", job.Id)) > 0);
    }

    [Fact]
    public async Task Cancel_UnknownJob_404()
    {
        using var response = await fixture.Http.PostAsync($"api/jobs/{Guid.NewGuid()}/cancel", null);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<bool> QueueIsEmptyAsync()
    {
        using var response = await fixture.VirtualHost.GetAsync("queues/{vhost}/classify-images");
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return json.TryGetProperty("messages", out var messages) && messages.GetInt32() == 0
            && json.TryGetProperty("messages_unacknowledged", out var unacked) && unacked.GetInt32() == 0;
    }
}
