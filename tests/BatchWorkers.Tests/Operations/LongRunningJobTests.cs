using BatchWorkers.Tests.Infrastructure;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;

namespace BatchWorkers.Tests.Operations;

/// <summary>
/// The Hangfire.PostgreSql pitfall: a job running longer than the invisibility timeout is handed to another server
/// while the first still runs it. With a 2-second timeout and two servers on the training queue, a job that runs
/// far longer than that must still run exactly once.
/// </summary>
public sealed class LongRunningJobTests(LongRunningJobTests.Fixture fixture) : IClassFixture<LongRunningJobTests.Fixture>
{
    public sealed class Fixture : WorkerFixture
    {
        protected override void Configure(Dictionary<string, string> settings) => settings["Scheduling:InvisibilityTimeout"] = "00:00:02";
    }

    [Fact]
    public async Task TrainingJobLongerThanInvisibilityTimeout_SecondServerNeverStartsItAgain()
    {
        var storage = fixture.Worker.Services.GetRequiredService<JobStorage>();
        using var secondServer = new BackgroundJobServer(
            new BackgroundJobServerOptions { ServerName = "second-replica", Queues = ["training"], WorkerCount = 1 }, storage);
        var probe = ProbeJob.Reset();
        var jobId = new BackgroundJobClient(storage).Create<ProbeJob>(j => j.RunAsync(probe), new EnqueuedState("training"));

        await Eventually.HoldsAsync(() => Task.FromResult(ProbeJob.Executions(probe) == 1), "the job to start");
        // Run until the fetch has been refreshed several times (well past the 2-second timeout), or until another
        // server starts the job a second time, which is the bug this guards against.
        var refreshes = new HashSet<DateTime>();
        await Eventually.HoldsAsync(async () =>
        {
            if (ProbeJob.Executions(probe) > 1)
            {
                return true;
            }

            refreshes.Add(new DateTime(await fixture.ScalarAsync(
                "select coalesce(extract(epoch from fetchedat) * 10000000, 0)::bigint from hangfire.jobqueue where jobid = @id",
                ("id", long.Parse(jobId, System.Globalization.CultureInfo.InvariantCulture)))));
            return refreshes.Count >= 4;
        }, "the fetch time to slide forward several times, or a second start", TimeSpan.FromSeconds(60));
        ProbeJob.Finish(probe);
        await Eventually.HoldsAsync(
            () => Task.FromResult(storage.GetMonitoringApi().JobDetails(jobId).History.Any(h => h.StateName == SucceededState.StateName)),
            "the job to succeed");

        Assert.Equal(1, ProbeJob.Executions(probe));
    }
}

/// <summary>A Hangfire job that runs until the test lets it finish, counting how often it was started.</summary>
public sealed class ProbeJob
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, (int Runs, TaskCompletionSource Done)> Probes = new();

    public static Guid Reset()
    {
        var id = Guid.NewGuid();
        Probes[id] = (0, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        return id;
    }

    public static int Executions(Guid id) => Probes[id].Runs;

    public static void Finish(Guid id) => Probes[id].Done.TrySetResult();

    [Queue("training")]
    public async Task RunAsync(Guid id)
    {
        var (runs, done) = Probes.AddOrUpdate(id, _ => throw new InvalidOperationException("unknown probe"), (_, p) => (p.Runs + 1, p.Done));
        _ = runs;
        await done.Task;
    }
}
