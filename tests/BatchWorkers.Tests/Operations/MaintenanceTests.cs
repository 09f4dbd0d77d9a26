using System.Net.Http.Json;
using System.Text.Json;
using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;
using BatchWorkers.Worker.Jobs;
using BatchWorkers.Worker.Jobs.Maintenance;
using Microsoft.Extensions.DependencyInjection;

namespace BatchWorkers.Tests.Operations;

public sealed class MaintenanceTests(MaintenanceTests.Fixture fixture) : IClassFixture<MaintenanceTests.Fixture>
{
    /// <summary>Short deadlines so the sweeper and the purge have something to do within a test.</summary>
    public sealed class Fixture : WorkerFixture
    {
        public string Checkpoints { get; } = Directory.CreateTempSubdirectory("bw-maintenance-").FullName;

        protected override void Configure(Dictionary<string, string> settings)
        {
            settings["FineTuning:CheckpointRoot"] = Checkpoints;
            settings["Jobs:ChunkRedispatchAfter"] = "00:00:05";
            settings["Jobs:RetainFinishedJobsFor"] = "00:00:01";
            settings["Scheduling:RedispatchCron"] = "0 0 1 1 *";
        }
    }

    [Fact]
    public async Task Sweeper_ChunksRecordedButNeverDispatched_AreDispatchedAndTheJobCompletes()
    {
        // A crash between recording the job and publishing its chunks leaves exactly this behind; the sweeper finds
        // it once Jobs:ChunkRedispatchAfter has passed since the job was recorded.
        var recorded = await RecordWithoutDispatchingAsync();
        await fixture.ScalarAsync("update jobs set submitted_at = submitted_at - interval '1 minute' where id = @id", ("id", recorded.JobId));

        var report = await RunAsync<StuckChunkSweeper, string>(s => s.RunAsync(CancellationToken.None));
        var status = await fixture.WaitForFinalAsync(recorded.JobId);

        Assert.StartsWith("2 chunks re-dispatched", report, StringComparison.Ordinal);
        Assert.Equal(JobState.Succeeded, status.State);
        Assert.Equal(6, status.SucceededItems);
    }

    [Fact]
    public async Task Sweeper_JobJustRecordedWhoseIntakeIsStillPublishing_IsNotDispatchedTwice()
    {
        // The intake publishes a large job's chunks one by one after recording them; a sweep in that window used
        // to send every chunk not yet marked dispatched a second time (the load test saw 597 messages for 313 chunks).
        var recorded = await RecordWithoutDispatchingAsync();
        try
        {
            await RunAsync<StuckChunkSweeper, string>(s => s.RunAsync(CancellationToken.None));

            Assert.Equal(2, await fixture.ScalarAsync(
                "select count(*) from job_chunks where job_id = @id and dispatched_at is null and dispatch_count = 0", ("id", recorded.JobId)));
        }
        finally
        {
            // Nothing will publish this job's chunks: cancel it so later sweeps in this class leave it alone.
            await fixture.ScalarAsync("update jobs set state = 'Cancelled', finished_at = now() where id = @id", ("id", recorded.JobId));
        }
    }

    [Fact]
    public async Task Sweeper_FineTuneRecordedButNeverStarted_IsStartedOnceAndSucceeds()
    {
        // A worker killed between recording a fine-tune job and creating its Hangfire job leaves exactly this behind:
        // the job Queued, and a retried submission finds it by its key and starts nothing.
        var recorded = await TestFineTunes.RecordUnstartedAsync(fixture.Worker.Services, "unstarted");
        await fixture.ScalarAsync("update jobs set submitted_at = submitted_at - interval '2 minutes' where id = @id", ("id", recorded.JobId));

        var first = await RunAsync<StuckChunkSweeper, string>(s => s.RunAsync(CancellationToken.None));
        // Straight after, while the run is still queued or training: it is marked, so not started a second time.
        var second = await RunAsync<StuckChunkSweeper, string>(s => s.RunAsync(CancellationToken.None));

        Assert.Contains("1 runs started", first, StringComparison.Ordinal);
        Assert.Contains("0 runs started", second, StringComparison.Ordinal);
        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from jobs where id = @id and run_queued_at is not null", ("id", recorded.JobId)));
        Assert.Equal(1, await fixture.ScalarAsync(
            "select count(*) from hangfire.job where invocationdata::text like '%FineTuneRunner%' and arguments::text like @id", ("id", $"%{recorded.JobId}%")));
        var status = await fixture.WaitForFinalAsync(recorded.JobId, TimeSpan.FromMinutes(5));
        Assert.Equal(JobState.Succeeded, status.State);
    }

    [Fact]
    public async Task Sweeper_FineTuneJustRecorded_IsLeftToItsIntake()
    {
        // Within the minute's grace the intake may still be creating the run: starting another would be a duplicate.
        var recorded = await TestFineTunes.RecordUnstartedAsync(fixture.Worker.Services, "just-recorded");
        try
        {
            var report = await RunAsync<StuckChunkSweeper, string>(s => s.RunAsync(CancellationToken.None));

            Assert.Contains("0 runs started", report, StringComparison.Ordinal);
            Assert.Equal(0, await fixture.ScalarAsync("select count(*) from jobs where id = @id and run_queued_at is not null", ("id", recorded.JobId)));
        }
        finally
        {
            // Nothing will start this job: cancel it so later sweeps in this class leave it alone.
            await fixture.ScalarAsync("update jobs set state = 'Cancelled', finished_at = now() where id = @id", ("id", recorded.JobId));
        }
    }

    private async Task<SubmissionResult> RecordWithoutDispatchingAsync()
    {
        var jobs = fixture.Worker.Services.GetRequiredService<JobStore>();
        var submission = new JobSubmission(
            JobType.ImageClassification, TestModels.Colours, "1", JobPriority.Normal, null, """{"topK":1}""",
            [.. TestImages.Mixed(6).Select(i => JobItem.FromBytes(i.Bytes))], "test");
        return await jobs.InsertAsync(submission, "1", 4, [null, null, null, null, null, null], JobState.Queued, null, CancellationToken.None);
    }

    [Fact]
    public async Task RetentionPurge_FinishedJobsPastRetention_AreDeletedWithTheirResults()
    {
        var job = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.ImageClassification, Model = TestModels.Colours, Items = [JobItem.FromBytes(TestImages.Solid(TestImages.Red))],
        });
        await fixture.WaitForFinalAsync(job.Id);
        await fixture.ScalarAsync("update jobs set finished_at = finished_at - interval '1 hour' where id = @id", ("id", job.Id));

        var report = await RunAsync<RetentionPurge, string>(p => p.RunAsync(CancellationToken.None));

        Assert.Contains("purged", report, StringComparison.Ordinal);
        Assert.Equal(0, await fixture.ScalarAsync("select count(*) from jobs where id = @id", ("id", job.Id)));
        Assert.Equal(0, await fixture.ScalarAsync("select count(*) from item_results where job_id = @id", ("id", job.Id)));
    }

    [Fact]
    public async Task Metrics_AfterAJob_ExposeItemsAndChunkDurationForPrometheus()
    {
        var job = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.ImageClassification, Model = TestModels.Colours, Items = [JobItem.FromBytes(TestImages.Solid(TestImages.Blue))],
        });
        await fixture.WaitForFinalAsync(job.Id);

        // The jobs-by-state gauge is refreshed every 15 s, so allow for one refresh.
        var metrics = await Eventually.ReturnsAsync(
            () => fixture.Http.GetStringAsync("metrics"),
            m => m.Contains("batchworkers_items_processed", StringComparison.Ordinal) && m.Contains("batchworkers_jobs{", StringComparison.Ordinal),
            "item and job-state metrics", TimeSpan.FromSeconds(45));

        Assert.Contains("batchworkers_chunk_duration_seconds_bucket", metrics, StringComparison.Ordinal);
        Assert.Contains("batchworkers_jobs_submitted", metrics, StringComparison.Ordinal);
        Assert.Contains("state=\"Succeeded\"", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChunkQueue_IsARabbitMqPriorityQueue()
    {
        using var response = await fixture.VirtualHost.GetAsync("queues/{vhost}/classify-images");
        var queue = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(10, queue.GetProperty("arguments").GetProperty("x-max-priority").GetInt32());
    }

    private async Task<TResult> RunAsync<TService, TResult>(Func<TService, Task<TResult>> run)
        where TService : notnull
    {
        await using var scope = fixture.Worker.Services.CreateAsyncScope();
        return await run(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
