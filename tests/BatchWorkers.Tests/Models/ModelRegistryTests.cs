using System.Text.Json;
using BatchWorkers.Contracts;
using BatchWorkers.Onnx.Samples;
using BatchWorkers.Tests.Infrastructure;
using BatchWorkers.Worker.Models;
using BatchWorkers.Worker.Models.Registry;
using Microsoft.Extensions.DependencyInjection;

namespace BatchWorkers.Tests.Models;

/// <summary>The registry in PostgreSQL: versions found in the store, promotion by hand and by gate, rollback, integrity.</summary>
public sealed class ModelRegistryTests(WorkerFixture fixture) : IClassFixture<WorkerFixture>
{
    [Fact]
    public async Task StoreFolders_RegisteredWithTheirSha256_AndEachModelHasOneProductionVersion()
    {
        var models = await fixture.Api.ListModelsAsync();

        var colours = Assert.Single(models, m => m.Name == TestModels.Colours && m.Version == "1");
        Assert.Equal(ModelStage.Production, colours.Stage);
        Assert.Equal(await ModelArtifacts.FileSha256Async(Path.Combine(colours.Path, "model.onnx"), CancellationToken.None), colours.Sha256);
        Assert.All(models.GroupBy(m => m.Name), g => Assert.Single(g, m => m.Stage == ModelStage.Production));
    }

    [Fact]
    public async Task Promote_NewJobsRunTheNewVersion_PinnedJobsKeepTheirs_RollbackRestores()
    {
        const string name = "renamed-colours";
        SampleModels.WriteColourClassifier(Path.Combine(fixture.ModelStore, name, "1"));
        await fixture.Api.ListModelsAsync();
        // A second version arrives later: it is registered as a candidate, production stays on 1.
        WriteFrenchColours(Path.Combine(fixture.ModelStore, name, "2"));
        var candidate = Assert.Single(await fixture.Api.ListModelsAsync(), m => m.Name == name && m.Version == "2");

        var promoted = await fixture.Api.PromoteAsync(name, "2");
        var latest = await ClassifyRedAsync(name, null);
        var pinned = await ClassifyRedAsync(name, "1");
        var rolledBack = await fixture.Api.RollbackAsync(name);
        var afterRollback = await ClassifyRedAsync(name, null);
        var promotedEvent = await Eventually.ReturnsAsync(
            () => Task.FromResult(fixture.Events.Promoted.FirstOrDefault(e => e.Name == name && e.Version == "2")), e => e is not null, "ModelPromoted");

        Assert.Equal(ModelStage.Candidate, candidate.Stage);
        Assert.Equal(ModelStage.Production, promoted.Stage);
        Assert.Equal(("2", "rouge"), latest);
        Assert.Equal(("1", "red"), pinned);
        Assert.Equal("1", rolledBack.Version);
        Assert.Equal(("1", "red"), afterRollback);
        Assert.Equal("1", promotedEvent!.PreviousVersion);
    }

    [Fact]
    public async Task PromoteWhileAJobRuns_RunningJobFinishesOnItsVersion_WithoutFailures()
    {
        const string name = "switching";
        TestModels.WriteSlowClassifier(Path.Combine(fixture.ModelStore, name, "1"), 128);
        await fixture.Api.ListModelsAsync();
        TestModels.WriteSlowClassifier(Path.Combine(fixture.ModelStore, name, "2"), 128);
        await fixture.Api.ListModelsAsync();
        var image = TestImages.Solid(TestImages.Green, 256, 256);
        var running = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.ImageClassification, Model = name, Items = [.. Enumerable.Range(0, 120).Select(_ => JobItem.FromBytes(image))],
        });
        await Eventually.HoldsAsync(async () => (await fixture.Api.GetJobAsync(running.Id)).CompletedItems > 0, "the job to be under way");

        await fixture.Api.PromoteAsync(name, "2");
        var midway = await fixture.Api.GetJobAsync(running.Id);
        var status = await fixture.WaitForFinalAsync(running.Id);
        var results = await fixture.ResultsAsync(running.Id);

        Assert.False(midway.IsFinal, "the promotion must happen while the job runs");
        Assert.Equal(JobState.Succeeded, status.State);
        Assert.All(results, r => Assert.Equal("1", r.ModelVersion));
        Assert.Equal("2", (await ClassifyAsync(name)).ModelVersion);
    }

    [Fact]
    public async Task Gate_BetterCandidatePromoted_WorseRefused_BothRecorded()
    {
        const string name = "gated";
        var registry = fixture.Worker.Services.GetRequiredService<ModelRegistry>();
        await RegisterAsync(registry, name, "1", 0.80);
        await RegisterAsync(registry, name, "2", 0.90);
        await RegisterAsync(registry, name, "3", 0.905);
        await using var scope = fixture.Worker.Services.CreateAsyncScope();
        var promotion = scope.ServiceProvider.GetRequiredService<ModelPromotion>();

        var first = await promotion.ApplyGateAsync(name, "1", CancellationToken.None);
        var better = await promotion.ApplyGateAsync(name, "2", CancellationToken.None);
        var marginal = await promotion.ApplyGateAsync(name, "3", CancellationToken.None);

        Assert.True(first.Promote);
        Assert.True(better.Promote);
        Assert.False(marginal.Promote);
        Assert.Contains("does not beat production 0.9", marginal.Reason, StringComparison.Ordinal);
        Assert.Equal("2", (await registry.GetProductionAsync(name, CancellationToken.None))!.Version);
        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from model_promotions where name = @n and decision = 'refused'", ("n", name)));
        Assert.Equal(2, await fixture.ScalarAsync("select count(*) from model_promotions where name = @n and decision = 'promoted'", ("n", name)));
    }

    [Fact]
    public async Task Gate_AskedAgainForAVersion_ReturnsItsDecisionWithoutDecidingTwice()
    {
        const string name = "gated-twice";
        var registry = fixture.Worker.Services.GetRequiredService<ModelRegistry>();
        await RegisterAsync(registry, name, "1", 0.80);
        await using var scope = fixture.Worker.Services.CreateAsyncScope();
        var promotion = scope.ServiceProvider.GetRequiredService<ModelPromotion>();

        var first = await promotion.ApplyGateAsync(name, "1", CancellationToken.None);
        // A training run repeated after an outage asks again; against itself as production it would now be refused.
        var again = await promotion.ApplyGateAsync(name, "1", CancellationToken.None);

        Assert.Equal(first, again);
        Assert.True(again.Promote);
        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from model_promotions where name = @n", ("n", name)));
    }

    [Fact]
    public async Task TamperedArtifact_JobFailsWithIntegrityErrorInsteadOfRunningIt()
    {
        const string name = "tampered";
        var folder = Path.Combine(fixture.ModelStore, name, "1");
        SampleModels.WriteColourClassifier(folder);
        await fixture.Api.ListModelsAsync();
        await File.AppendAllTextAsync(Path.Combine(folder, "model.onnx"), "x");

        var job = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.ImageClassification, Model = name, Items = [JobItem.FromBytes(TestImages.Solid(TestImages.Red))],
        });
        var status = await fixture.WaitForFinalAsync(job.Id);
        var result = Assert.Single(await fixture.ResultsAsync(job.Id));

        Assert.Equal(JobState.Failed, status.State);
        Assert.Equal(ItemErrorCodes.ModelIntegrity, result.ErrorCode);
        Assert.Contains("sha256", result.Error, StringComparison.Ordinal);
    }

    private async Task<(string? Version, string? Label)> ClassifyRedAsync(string model, string? version)
    {
        var job = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.ImageClassification, Model = model, ModelVersion = version, Items = [JobItem.FromBytes(TestImages.Solid(TestImages.Red))],
        });
        await fixture.WaitForFinalAsync(job.Id);
        var result = Assert.Single(await fixture.ResultsAsync(job.Id));
        return (result.ModelVersion, result.Output?.Deserialize<ClassificationOutput>(BatchWorkersJson.Options)?.TopK[0].Label);
    }

    private async Task<ItemResult> ClassifyAsync(string model)
    {
        var job = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.ImageClassification, Model = model, Items = [JobItem.FromBytes(TestImages.Solid(TestImages.Red))],
        });
        await fixture.WaitForFinalAsync(job.Id);
        return Assert.Single(await fixture.ResultsAsync(job.Id));
    }

    private static void WriteFrenchColours(string folder)
    {
        SampleModels.WriteColourClassifier(folder);
        var config = Path.Combine(folder, "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"red\"", "\"rouge\"", StringComparison.Ordinal)
            .Replace("\"green\"", "\"vert\"", StringComparison.Ordinal).Replace("\"blue\"", "\"bleu\"", StringComparison.Ordinal));
    }

    private static Task RegisterAsync(ModelRegistry registry, string name, string version, double accuracy) =>
        registry.RegisterAsync(new NewModelVersion(name, version, JobType.ImageClassification, $"/nowhere/{name}/{version}", new string('0', 64),
            JsonSerializer.Serialize(new { accuracy })), CancellationToken.None);
}
