using System.Net;
using System.Net.Http.Json;
using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;
using BatchWorkers.Worker.Jobs.Maintenance;
using Microsoft.Extensions.DependencyInjection;

namespace BatchWorkers.Tests.Privacy;

/// <summary>
/// Per-job retention: inputs deleted once the job is finished (results kept), or everything after a time to live
/// (the job's record stays and its results answer "purged"); each run records counts, never content.
/// </summary>
public sealed class RetentionTests(WorkerFixture fixture) : IClassFixture<WorkerFixture>
{
    [Fact]
    public async Task DeleteInputsOnCompletion_InputsGone_ResultsKept_CountsRecorded()
    {
        var job = await SubmitAsync(new RetentionSettings { DeleteInputsOnCompletion = true }, items: 3);
        await fixture.WaitForFinalAsync(job.Id);
        var keep = await SubmitAsync(retention: null, items: 1);
        await fixture.WaitForFinalAsync(keep.Id);

        var run = await ApplyAsync(DateTime.UtcNow);

        Assert.True(run.ItemsInputsDeleted >= 3 && run.JobsInputsDeleted >= 1, run.ToString());
        Assert.Equal(0, await InputsLeftAsync(job.Id));
        Assert.Equal(1, await InputsLeftAsync(keep.Id));
        Assert.Equal(3, (await fixture.ResultsAsync(job.Id)).Count(r => r.Succeeded));
        Assert.NotNull((await fixture.Api.GetJobAsync(job.Id)).InputsPurgedAt);
        Assert.True(await fixture.ScalarAsync("select coalesce(sum(items_inputs_deleted), 0) from retention_runs") >= 3);
        Assert.DoesNotContain(job.Id, await DueForInputDeletionAsync());
    }

    [Fact]
    public async Task TimeToLive_PastIt_ResultsAnswerPurged_JobRecordStays()
    {
        var job = await SubmitAsync(new RetentionSettings { TimeToLive = TimeSpan.FromHours(1) }, items: 2);
        var finished = await fixture.WaitForFinalAsync(job.Id);

        var early = await ApplyAsync(finished.FinishedAt!.Value.UtcDateTime.AddMinutes(59));
        Assert.Equal(2, (await fixture.ResultsAsync(job.Id)).Count);
        var late = await ApplyAsync(finished.FinishedAt!.Value.UtcDateTime.AddMinutes(61));

        Assert.Equal(0, early.JobsPurged);
        Assert.True(late.JobsPurged >= 1 && late.ResultsDeleted >= 2 && late.ItemsDeleted >= 2, late.ToString());
        using var response = await fixture.Http.GetAsync($"api/jobs/{job.Id}/results");
        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Contains("were deleted at", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var status = await fixture.Api.GetJobAsync(job.Id);
        Assert.Equal((JobState.Succeeded, 2), (status.State, status.TotalItems));
        Assert.NotNull(status.PurgedAt);
        Assert.Equal(0, await fixture.ScalarAsync("select count(*) from item_results where job_id = @id", ("id", job.Id)));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(3651 * 86400)]
    public async Task TimeToLive_OutOfRange_JobRejected(int seconds)
    {
        using var response = await fixture.Http.PostAsJsonAsync("api/jobs", new SubmitJobRequest
        {
            Type = JobType.ImageClassification,
            Model = TestModels.Colours,
            Retention = new RetentionSettings { TimeToLive = TimeSpan.FromSeconds(seconds) },
            Items = [JobItem.FromBytes(TestImages.Solid(TestImages.Red))],
        }, BatchWorkersJson.Options);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("timeToLive must be between 1 minute and 3650 days", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private Task<JobStatus> SubmitAsync(RetentionSettings? retention, int items) => fixture.Api.SubmitAsync(new SubmitJobRequest
    {
        Type = JobType.ImageClassification,
        Model = TestModels.Colours,
        Retention = retention,
        Items = [.. Enumerable.Range(0, items).Select(_ => JobItem.FromBytes(TestImages.Solid(TestImages.Green)))],
    });

    private async Task<RetentionRun> ApplyAsync(DateTime now)
    {
        await using var scope = fixture.Worker.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<JobRetention>().ApplyAsync(now, CancellationToken.None);
    }

    private async Task<List<Guid>> DueForInputDeletionAsync()
    {
        await using var command = fixture.Db.CreateCommand(
            "select id from jobs where delete_inputs_on_completion and finished_at is not null and inputs_purged_at is null");
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<Guid>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    private Task<long> InputsLeftAsync(Guid jobId) => fixture.ScalarAsync(
        "select count(*) from job_items where job_id = @id and (data is not null or text_content is not null or uri is not null)", ("id", jobId));
}
