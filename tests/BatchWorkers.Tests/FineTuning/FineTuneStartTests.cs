using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;
using BatchWorkers.Worker.FineTuning;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;

namespace BatchWorkers.Tests.FineTuning;

/// <summary>
/// Starting a fine-tune's run exactly once in effect: the intake marks the run as handed to Hangfire (so the
/// maintenance sweep leaves it alone), and two Hangfire jobs for one job (a crash after creating the run but before
/// marking it, then the sweep) train only once.
/// </summary>
public sealed class FineTuneStartTests(FineTuneStartTests.Fixture fixture) : IClassFixture<FineTuneStartTests.Fixture>
{
    /// <summary>Nothing trains or sweeps behind the test's back: the only runs are the ones it calls.</summary>
    public sealed class Fixture : WorkerFixture
    {
        public string Checkpoints { get; } = Directory.CreateTempSubdirectory("bw-start-").FullName;

        public RecordingLogSink Logs { get; } = new();

        protected override void Configure(Dictionary<string, string> settings)
        {
            settings["FineTuning:CheckpointRoot"] = Checkpoints;
            settings["Scheduling:TrainingConcurrency"] = "0";
            settings["Scheduling:RedispatchCron"] = "0 0 1 1 *";
        }

        protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILogEventSink>(Logs);
    }

    [Fact]
    public async Task Intake_FineTune_CreatesItsRunAndMarksItQueued()
    {
        var job = await fixture.Api.SubmitAsync(new SubmitJobRequest { Type = JobType.FineTune, Model = "marked", FineTune = TestFineTunes.Small });
        try
        {
            Assert.Equal(1, await fixture.ScalarAsync("select count(*) from jobs where id = @id and run_queued_at is not null", ("id", job.Id)));
            Assert.Equal(1, await fixture.ScalarAsync(
                "select count(*) from hangfire.job where invocationdata::text like '%FineTuneRunner%' and arguments::text like @id", ("id", $"%{job.Id}%")));
        }
        finally
        {
            await fixture.Api.CancelAsync(job.Id);
        }
    }

    [Fact]
    public async Task RunAsync_TwoRunsOfOneJobAtOnce_OnlyOneTrains()
    {
        var recorded = await TestFineTunes.RecordUnstartedAsync(fixture.Worker.Services, "run-twice");

        await Task.WhenAll(RunAsync(recorded.JobId), RunAsync(recorded.JobId));

        Assert.Equal(JobState.Succeeded, (await fixture.Api.GetJobAsync(recorded.JobId)).State);
        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from model_versions where produced_by_job = @id", ("id", recorded.JobId)));
        Assert.Single(fixture.Logs.Warnings, w => w.Contains("already being run", StringComparison.Ordinal)
            && w.Contains(recorded.JobId.ToString(), StringComparison.Ordinal));
    }

    // Each in its own scope, as two Hangfire workers would run them; yielding first so both start at once.
    private async Task RunAsync(Guid jobId)
    {
        await Task.Yield();
        await using var scope = fixture.Worker.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<FineTuneRunner>().RunAsync(jobId, null, CancellationToken.None);
    }
}
