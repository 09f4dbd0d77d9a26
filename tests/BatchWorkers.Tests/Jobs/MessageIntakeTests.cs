using System.Net.Http.Json;
using System.Text.Json;
using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;

namespace BatchWorkers.Tests.Jobs;

/// <summary>Other services submit by publishing on RabbitMQ and learn the outcome from the worker's events.</summary>
public sealed class MessageIntakeTests(WorkerFixture fixture) : IClassFixture<WorkerFixture>
{
    [Fact]
    public async Task SubmitByMessage_MultiChunkJob_EveryItemClassifiedAndCompletionPublished()
    {
        var images = TestImages.Mixed(10);
        var key = await new JobSubmitter(fixture.Bus).SubmitAsync(new SubmitImageClassificationJob
        {
            Model = TestModels.Colours,
            TopK = 2,
            Items = images.Select((image, i) => JobItem.FromBytes(image.Bytes, $"image-{i}")).ToList(),
        });

        var accepted = await fixture.Events.AcceptedAsync(key);
        var completed = await fixture.Events.CompletedAsync(accepted.JobId);

        Assert.Equal(JobState.Succeeded, completed.State);
        Assert.Equal((10, 10, 0), (completed.TotalItems, completed.SucceededItems, completed.FailedItems));
        var status = await fixture.Api.GetJobAsync(accepted.JobId);
        Assert.Equal((3, 3), (status.ChunkCount, status.ChunksDone));
        var results = await fixture.ResultsAsync(accepted.JobId);
        Assert.Equal(Enumerable.Range(0, 10), results.Select(r => r.Index));
        foreach (var result in results)
        {
            var output = result.Output!.Value.Deserialize<ClassificationOutput>(BatchWorkersJson.Options)!;
            Assert.Equal(images[result.Index].Label, output.TopK[0].Label);
            Assert.True(output.TopK[0].Probability > 0.8f, $"item {result.Index}: {output.TopK[0].Probability}");
            Assert.Equal(2, output.TopK.Count);
            Assert.Equal("CPUExecutionProvider", result.ExecutionProvider);
            Assert.Equal("1", result.ModelVersion);
            Assert.Equal($"image-{result.Index}", result.Name);
        }
    }

    [Fact]
    public async Task SubmitByMessage_SameIdempotencyKeyTwice_OneJob()
    {
        var job = new SubmitImageClassificationJob
        {
            Model = TestModels.Colours,
            IdempotencyKey = $"resubmit-{Guid.NewGuid():N}",
            Items = [JobItem.FromBytes(TestImages.Solid(TestImages.Red))],
        };

        await fixture.Bus.Publish(job);
        await fixture.Bus.Publish(job);
        var accepted = await fixture.Events.AcceptedAsync(job.IdempotencyKey!);
        await fixture.Events.CompletedAsync(accepted.JobId);
        await Eventually.HoldsAsync(async () => await QueueIsDrainedAsync("submit-image-classification"), "both submissions consumed");

        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from jobs where idempotency_key = @key", ("key", job.IdempotencyKey!)));
        Assert.Single(fixture.Events.Accepted, e => e.IdempotencyKey == job.IdempotencyKey);
    }

    [Fact]
    public async Task SubmitByMessage_UnknownModel_JobFailedPublishedWithReason()
    {
        var key = await new JobSubmitter(fixture.Bus).SubmitAsync(new SubmitImageClassificationJob
        {
            Model = "no-such-model",
            Items = [JobItem.FromBytes(TestImages.Solid(TestImages.Red))],
        });

        var failed = await fixture.Events.FailedAsync(key);

        Assert.Equal(JobState.Failed, failed.State);
        Assert.Contains("model.not_found", failed.Reason, StringComparison.Ordinal);
        Assert.Contains("'no-such-model' is not installed", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(1, failed.TotalItems);
    }

    private async Task<bool> QueueIsDrainedAsync(string queue)
    {
        var response = await fixture.VirtualHost.GetAsync($"queues/{{vhost}}/{queue}");
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return json.TryGetProperty("messages", out var messages) && messages.GetInt32() == 0;
    }
}
