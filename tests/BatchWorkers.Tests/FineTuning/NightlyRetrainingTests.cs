using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;
using BatchWorkers.Worker.FineTuning;
using Microsoft.Extensions.DependencyInjection;

namespace BatchWorkers.Tests.FineTuning;

public sealed class NightlyRetrainingTests(NightlyRetrainingTests.Fixture fixture) : IClassFixture<NightlyRetrainingTests.Fixture>
{
    public sealed class Fixture : WorkerFixture
    {
        protected override void Configure(Dictionary<string, string> settings)
        {
            settings["FineTuning:CheckpointRoot"] = Directory.CreateTempSubdirectory("bw-nightly-").FullName;
            settings["FineTuning:Nightly:0:Model"] = "nightly";
            settings["FineTuning:Nightly:0:MinNewExamples"] = "10";
            settings["FineTuning:Nightly:0:Epochs"] = "3";
        }
    }

    [Fact]
    public async Task Nightly_SkipsWithoutEnoughNewExamples_TrainsWhenThereAre_ThenSkipsAgain()
    {
        var before = await RunAsync();
        await AddExamplesAsync(6, TestImages.Red, "warm");
        await AddExamplesAsync(6, TestImages.Blue, "cool");

        var trained = await RunAsync();
        var jobId = Guid.Parse(trained.Split(' ')[3], System.Globalization.CultureInfo.InvariantCulture);
        var status = await fixture.WaitForFinalAsync(jobId, TimeSpan.FromMinutes(3));
        var after = await RunAsync();

        Assert.StartsWith("Skipped: 0 new labelled examples", before, StringComparison.Ordinal);
        Assert.Equal(JobState.Succeeded, status.State);
        Assert.Single(await fixture.Api.ListModelsAsync(), m => m.Name == "nightly");
        Assert.StartsWith("Skipped: 0 new labelled examples", after, StringComparison.Ordinal);
        Assert.Equal(2, await fixture.ScalarAsync("select count(*) from retraining_runs where model_name = 'nightly' and decision = 'skipped'"));
        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from retraining_runs where model_name = 'nightly' and decision = 'started' and job_id is not null"));
    }

    [Fact]
    public async Task Schedule_IsARecurringJobInTheDashboard()
    {
        var page = await fixture.Http.GetStringAsync("hangfire/recurring");

        Assert.Contains(NightlyRetraining.RecurringJobId("nightly"), page, StringComparison.Ordinal);
    }

    private async Task<string> RunAsync()
    {
        await using var scope = fixture.Worker.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NightlyRetraining>().RunAsync("nightly", CancellationToken.None);
    }

    private async Task AddExamplesAsync(int count, SkiaSharp.SKColor colour, string label)
    {
        var random = new Random(count + label.Length);
        var examples = Enumerable.Range(0, count).Select(i =>
        {
            // Slightly different images, so each is a distinct example.
            var shade = new SkiaSharp.SKColor((byte)Math.Clamp(colour.Red + random.Next(-20, 20), 0, 255), colour.Green, (byte)Math.Clamp(colour.Blue + random.Next(-20, 20), 0, 255));
            return new LabelledExample { Label = label, Data = TestImages.Solid(shade, 32, 32) };
        }).ToList();
        var response = await fixture.Http.PostAsync("api/models/nightly/examples",
            System.Net.Http.Json.JsonContent.Create(examples, options: BatchWorkersJson.Options));
        response.EnsureSuccessStatusCode();
    }
}
