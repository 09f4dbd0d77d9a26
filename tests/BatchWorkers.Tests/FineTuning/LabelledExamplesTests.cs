using System.Net.Http.Json;
using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;
using MassTransit;

namespace BatchWorkers.Tests.FineTuning;

public sealed class LabelledExamplesTests(WorkerFixture fixture) : IClassFixture<WorkerFixture>
{
    [Fact]
    public async Task PostExamples_InlineUriAndCorrection_StoredOnce_BadOnesRefusedWithReasons()
    {
        var job = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.ImageClassification, Model = TestModels.Colours, Items = [JobItem.FromBytes(TestImages.Solid(TestImages.Green))],
        });
        await fixture.WaitForFinalAsync(job.Id);
        var red = TestImages.Solid(TestImages.Red);
        LabelledExample[] examples =
        [
            new() { Label = "red", Data = red },
            new() { Label = "red", Data = red },
            new() { Label = "blue", Uri = "https://example.com/blue.png" },
            LabelledExample.Correction(job.Id, 0, "green"),
            LabelledExample.Correction(job.Id, 7, "green"),
            new() { Label = "", Data = red },
            new() { Label = "red", Data = red, Uri = "https://example.com/x.png" },
        ];

        using var response = await fixture.Http.PostAsJsonAsync("api/models/shapes-examples/examples", examples, BatchWorkersJson.Options);
        var outcome = await response.Content.ReadFromJsonAsync<LabelledExamplesAdded>(BatchWorkersJson.Options);

        Assert.Equal((3, 1), (outcome!.Added, outcome.AlreadyPresent));
        Assert.Equal([4, 5, 6], outcome.Refused.Keys.Order());
        Assert.Contains("has no item 7", outcome.Refused[4], StringComparison.Ordinal);
        Assert.Equal(1, await fixture.ScalarAsync(
            "select count(*) from labelled_examples where model_name = 'shapes-examples' and source = 'correction' and source_job_id = @id", ("id", job.Id)));
        Assert.Equal(3, await fixture.ScalarAsync("select count(*) from labelled_examples where model_name = 'shapes-examples'"));
    }

    [Fact]
    public async Task PublishExamples_StoredAndOutcomePublished()
    {
        var outcomes = new System.Collections.Concurrent.ConcurrentQueue<LabelledExamplesAdded>();
        var handle = fixture.Bus.ConnectReceiveEndpoint($"test-examples-{Guid.NewGuid():N}", e => e.Handler<LabelledExamplesAdded>(c =>
        {
            outcomes.Enqueue(c.Message);
            return Task.CompletedTask;
        }));
        await handle.Ready;

        await fixture.Bus.Publish(new AddLabelledExamples { Model = "by-message", Examples = [new() { Label = "blue", Data = TestImages.Solid(TestImages.Blue) }] });
        var outcome = await Eventually.ReturnsAsync(
            () => Task.FromResult(outcomes.FirstOrDefault(o => o.Model == "by-message")), o => o is not null, "LabelledExamplesAdded");
        await handle.StopAsync();

        Assert.Equal(1, outcome!.Added);
        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from labelled_examples where model_name = 'by-message' and source = 'message'"));
    }
}
