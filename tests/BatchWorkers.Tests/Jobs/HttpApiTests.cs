using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;

namespace BatchWorkers.Tests.Jobs;

/// <summary>People and scripts submit over HTTP; results come back paged or as NDJSON.</summary>
public sealed class HttpApiTests(WorkerFixture fixture) : IClassFixture<WorkerFixture>
{
    [Fact]
    public async Task PostJson_MultiChunkJob_ResultsPagedAndStreamedInOrder()
    {
        var images = TestImages.Mixed(9);
        var submitted = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.ImageClassification,
            Model = TestModels.Colours,
            Items = images.Select(i => JobItem.FromBytes(i.Bytes)).ToList(),
        });

        var status = await fixture.WaitForFinalAsync(submitted.Id);
        var page = await fixture.Api.GetResultsPageAsync(submitted.Id, offset: 4, limit: 3);
        var streamed = await fixture.ResultsAsync(submitted.Id);

        Assert.Equal(JobState.Succeeded, status.State);
        Assert.Equal((9, 9, 3), (status.CompletedItems, status.SucceededItems, status.ChunkCount));
        Assert.Equal(9, page.Total);
        Assert.Equal([4, 5, 6], page.Items.Select(r => r.Index));
        Assert.Equal(Enumerable.Range(0, 9), streamed.Select(r => r.Index));
        Assert.All(streamed, r => Assert.Equal(images[r.Index].Label, TopLabel(r)));
    }

    [Fact]
    public async Task PostMultipart_ImageFiles_ClassifiedWithFileNames()
    {
        await using var red = new MemoryStream(TestImages.Solid(TestImages.Red));
        await using var blue = new MemoryStream(TestImages.Solid(TestImages.Blue, format: SkiaSharp.SKEncodedImageFormat.Jpeg));
        var submitted = await fixture.Api.SubmitFilesAsync(
            new SubmitFilesRequest { Type = JobType.ImageClassification, Model = TestModels.Colours, TopK = 1 },
            [("red.png", red), ("blue.jpg", blue)]);

        await fixture.WaitForFinalAsync(submitted.Id);
        var results = await fixture.ResultsAsync(submitted.Id);

        Assert.Equal(["red.png", "blue.jpg"], results.Select(r => r.Name));
        Assert.Equal(["red", "blue"], results.Select(TopLabel));
    }

    [Fact]
    public async Task PostTwice_SameIdempotencyKey_SameJobAndSecondAnswerIs200()
    {
        var body = new SubmitJobRequest
        {
            Type = JobType.ImageClassification,
            Model = TestModels.Colours,
            IdempotencyKey = $"http-{Guid.NewGuid():N}",
            Items = [JobItem.FromBytes(TestImages.Solid(TestImages.Green))],
        };

        using var first = await fixture.Http.PostAsJsonAsync("api/jobs", body, BatchWorkersJson.Options);
        using var second = await fixture.Http.PostAsJsonAsync("api/jobs", body, BatchWorkersJson.Options);
        var firstJob = await first.Content.ReadFromJsonAsync<JobStatus>(BatchWorkersJson.Options);
        var secondJob = await second.Content.ReadFromJsonAsync<JobStatus>(BatchWorkersJson.Options);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(firstJob!.Id, secondJob!.Id);
        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from jobs where idempotency_key = @key", ("key", body.IdempotencyKey)));
    }

    [Fact]
    public async Task Post_UnknownModel_404ProblemNamingTheInstalledModels()
    {
        using var response = await fixture.Http.PostAsJsonAsync("api/jobs", new SubmitJobRequest
        {
            Type = JobType.ImageClassification,
            Model = "imagenet-giant",
            Items = [JobItem.FromBytes(TestImages.Solid(TestImages.Red))],
        }, BatchWorkersJson.Options);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("'imagenet-giant' is not installed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(TestModels.Colours, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ this is not json", "not a valid job")]
    [InlineData("""{"type":"image-classification","model":"colours"}""", "no items")]
    [InlineData("""{"type":"image-classification","model":"colours","items":[]}""", "no items")]
    [InlineData("""{"type":"image-classification","model":"colours","topK":100000,"items":[{"uri":"http://x/y.png"}]}""", "topK must be between 1 and 100")]
    [InlineData("""{"type":"teleportation","model":"colours","items":[{"text":"x"}]}""", "not a valid job")]
    public async Task Post_InvalidBody_ProblemWithSpecificDetail(string json, string expectedDetail)
    {
        using var response = await fixture.Http.PostAsync("api/jobs", new StringContent(json, Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, $"status {response.StatusCode}");
        Assert.Contains(expectedDetail, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Get_UnknownJob_404Problem()
    {
        using var response = await fixture.Http.GetAsync($"api/jobs/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Models_ListsInstalledVersionsWithLabels()
    {
        var models = await fixture.Api.ListModelsAsync();

        var colours = Assert.Single(models, m => m.Name == TestModels.Colours);
        Assert.Equal(["red", "green", "blue"], colours.Labels);
        Assert.Equal("1", colours.Version);
    }

    [Fact]
    public async Task OpenApi_DescribesTheJobsApi()
    {
        var document = await fixture.Http.GetFromJsonAsync<JsonElement>("openapi/v1.json");
        var paths = document.GetProperty("paths");

        Assert.True(paths.TryGetProperty("/api/jobs", out var jobs) && jobs.TryGetProperty("post", out _));
        Assert.True(paths.TryGetProperty("/api/jobs/{id}/results", out _));
        Assert.True(paths.TryGetProperty("/api/jobs/{id}/cancel", out _));
    }

    private static string? TopLabel(ItemResult result) =>
        result.Output?.Deserialize<ClassificationOutput>(BatchWorkersJson.Options)?.TopK[0].Label;
}
