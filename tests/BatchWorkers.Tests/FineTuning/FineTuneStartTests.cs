using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;

namespace BatchWorkers.Tests.FineTuning;

/// <summary>Starting a fine-tune's run: the intake marks the run as handed to Hangfire.</summary>
public sealed class FineTuneStartTests(FineTuneStartTests.Fixture fixture) : IClassFixture<FineTuneStartTests.Fixture>
{
    /// <summary>Nothing trains or sweeps behind the test's back: the only runs are the ones it calls.</summary>
    public sealed class Fixture : WorkerFixture
    {
        public string Checkpoints { get; } = Directory.CreateTempSubdirectory("bw-start-").FullName;

        protected override void Configure(Dictionary<string, string> settings)
        {
            settings["FineTuning:CheckpointRoot"] = Checkpoints;
            settings["Scheduling:TrainingConcurrency"] = "0";
            settings["Scheduling:RedispatchCron"] = "0 0 1 1 *";
        }
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
}
