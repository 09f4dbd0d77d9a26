using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using BatchWorkers.Tests.Infrastructure;
using BatchWorkers.Worker.ImageClassification;
using BatchWorkers.Worker.Translation;
using MassTransit;
using Npgsql;

namespace BatchWorkers.Tests.Faults;

/// <summary>
/// The fault suite (<c>./test.sh --faults</c>): three worker processes run real jobs of every type while one fault
/// is injected; then <see cref="FaultChecks"/> proves nothing was lost, doubled or left hanging, and that the
/// workers recovered by themselves. Each fault adds a row to the table in .local/test-results/faults.md.
/// </summary>
[Trait("Category", "Faults")]
public sealed partial class FaultSuiteTests(FaultCluster cluster) : IClassFixture<FaultCluster>
{
    private string _atFault = "";

    private static readonly TimeSpan MomentDeadline = TimeSpan.FromMinutes(3);

    [Fact]
    public Task WorkerKilledMidChunk_OthersFinishEveryItemOnce() => RunAsync("SIGKILL a worker mid-chunk", "kill-chunk", 3, async workload =>
    {
        var id = ("id", (object)workload.Images.Id);
        await FirstImageResultsAsync(workload);
        var writer = (await cluster.StringsAsync("select worker from item_results where job_id = @id order by completed_at desc limit 1", id)).Single();
        var before = await ImageResultsAsync(workload);
        await AtFaultAsync(workload);
        cluster.Kill(ProcessIdOf(writer));
        Assert.InRange(before, 1, FaultWorkload.ImageItems - 1);
    });

    [Fact]
    public async Task WorkerKilledMidTraining_AnotherResumesFromTheCheckpoint()
    {
        FaultWorkload? trained = null;
        await RunAsync("SIGKILL a worker mid-training", "kill-training", 12, async workload =>
        {
            trained = workload;
            var checkpoints = Path.Combine(cluster.Checkpoints, workload.FineTune.Id.ToString("N"));
            await FaultCluster.WaitAsync(async () =>
                await cluster.ScalarAsync("select coalesce((progress->>'epoch')::int, 0) from jobs where id = @id", ("id", workload.FineTune.Id)) >= 2
                && Directory.Exists(checkpoints) && Directory.EnumerateFiles(checkpoints, "*", SearchOption.AllDirectories).Any(),
                "two epochs and a checkpoint", MomentDeadline);
            var trainer = await ProcessingServerAsync("training");
            await AtFaultAsync(workload);
            cluster.Kill(trainer);
            Assert.Equal(0, await cluster.ScalarAsync("select count(*) from jobs where id = @id and finished_at is not null", ("id", workload.FineTune.Id)));
        }, async () =>
        {
            var resumedAfter = await cluster.ScalarAsync(
                "select (metrics->>'resumedAfterEpoch')::int from model_versions where name = @name", ("name", trained!.FineTuneModel));
            Assert.True(resumedAfter >= 1, $"training must resume from a checkpoint, resumedAfterEpoch = {resumedAfter}");
            Assert.Equal(12, await cluster.ScalarAsync(
                "select jsonb_array_length(metrics->'epochs') from model_versions where name = @name", ("name", trained.FineTuneModel)));
        });
    }

    [Fact]
    public Task WorkerKilledMidReport_AnotherFinishesEveryReportOnce() => RunAsync("SIGKILL a worker mid-report", "kill-report", 3, async workload =>
    {
        var id = ("id", (object)workload.Translation.Id);
        await FaultCluster.WaitAsync(
            async () => await cluster.ScalarAsync("select count(*) from explanations where job_id = @id and state = 'done'", id) >= 2,
            "the first translation reports", MomentDeadline);
        var reporter = await ProcessingServerAsync("explain");
        await AtFaultAsync(workload);
        cluster.Kill(reporter);
        Assert.InRange(await cluster.ScalarAsync("select count(*) from explanations where job_id = @id and state = 'done'", id), 2, workload.Translation.Reports - 1);
    });

    [Fact]
    public Task RabbitMqRestartedMidJob_WorkersReconnectAndFinish() => RunAsync("restart RabbitMQ mid-job", "restart-rabbitmq", 3, async workload =>
    {
        await FirstImageResultsAsync(workload);
        await AtFaultAsync(workload);
        await FaultServices.RestartAsync("rabbitmq");
    });

    [Fact]
    public Task PostgresRestartedMidJob_WorkersReconnectAndFinish() => RunAsync("restart PostgreSQL mid-job", "restart-postgres", 3, async workload =>
    {
        await FirstImageResultsAsync(workload);
        await AtFaultAsync(workload);
        await FaultServices.RestartAsync("postgres");
        NpgsqlConnection.ClearAllPools();
    });

    [Fact]
    public Task RabbitMqKilledMidJob_DeliveriesComeBackAndWorkersFinish() => RunAsync("SIGKILL RabbitMQ mid-job", "kill-rabbitmq", 3, async workload =>
    {
        await FirstImageResultsAsync(workload);
        await AtFaultAsync(workload);
        await FaultServices.KillAsync("rabbitmq");
    });

    [Fact]
    public Task PostgresKilledMidJob_WorkersReconnectAfterRecoveryAndFinish() => RunAsync("SIGKILL PostgreSQL mid-job", "kill-postgres", 3, async workload =>
    {
        await FirstImageResultsAsync(workload);
        await AtFaultAsync(workload);
        await FaultServices.KillAsync("postgres");
        NpgsqlConnection.ClearAllPools();
    });

    [Fact]
    public async Task ChunkMessagesDuplicatedByHand_EachResultWrittenOnce()
    {
        List<string> firstWrites = [];
        FaultWorkload? duplicated = null;
        await RunAsync("duplicate chunk messages by hand", "duplicate-chunk", 3, async workload =>
        {
            duplicated = workload;
            var id = ("id", (object)workload.Images.Id);
            await FaultCluster.WaitAsync(
                async () => await cluster.ScalarAsync("select count(*) from job_chunks where job_id = @id and chunk_index = 0 and state = 'Done'", id) == 1,
                "the first image chunk to be done", MomentDeadline);
            firstWrites = await FirstChunkWritesAsync(workload);
            var lastChunk = (int)await cluster.ScalarAsync("select max(chunk_index) from job_chunks where job_id = @id", id);
            await AtFaultAsync(workload);
            var bus = await StartBusAsync();
            try
            {
                // A chunk already done, a chunk perhaps not yet started, each twice; and a text chunk.
                await Task.WhenAll(
                    bus.Publish(new ClassifyImagesChunk(workload.Images.Id, 0)), bus.Publish(new ClassifyImagesChunk(workload.Images.Id, 0)),
                    bus.Publish(new ClassifyImagesChunk(workload.Images.Id, lastChunk)), bus.Publish(new ClassifyImagesChunk(workload.Images.Id, lastChunk)),
                    bus.Publish(new TranslateTextsChunk(workload.Translation.Id, 0)), bus.Publish(new TranslateTextsChunk(workload.Translation.Id, 0)));
            }
            finally
            {
                await bus.StopAsync();
            }
        }, async () => Assert.Equal(firstWrites, await FirstChunkWritesAsync(duplicated!)));
    }

    private async Task RunAsync(string fault, string slug, int epochs, Func<FaultWorkload, Task> inject, Func<Task>? afterChecks = null)
    {
        var jobs = 0;
        var watch = new Stopwatch();
        try
        {
            await cluster.ReplaceDeadWorkersAsync();
            var workload = await FaultWorkload.SubmitAsync(cluster, slug, epochs);
            jobs = workload.Jobs.Count;
            await inject(workload);
            watch.Start();
            var row = await FaultChecks.VerifyAsync(cluster, fault, workload, watch) with { AtFault = _atFault };
            if (afterChecks is not null)
            {
                await afterChecks();
            }

            cluster.Record(row);
        }
        catch (Exception ex)
        {
            cluster.Record(new FaultRow(fault, jobs, 0, 0, cluster.Workers.Count, watch.Elapsed, $"FAILED: {ex.Message.Split('\n')[0]}") { AtFault = _atFault });
            throw;
        }
    }

    /// <summary>
    /// Called by each fault just before it strikes: notes how far the workload had got (for the table) and fails the
    /// test if the fault would not be "mid-job" (every result and report already stored).
    /// </summary>
    /// <summary>The moment most faults strike at: the image job has written its first results.</summary>
    private Task FirstImageResultsAsync(FaultWorkload workload) =>
        FaultCluster.WaitAsync(async () => await ImageResultsAsync(workload) > 0, "the first image results", MomentDeadline);

    private async Task AtFaultAsync(FaultWorkload workload)
    {
        var ids = ("ids", (object)workload.Ids);
        var results = await cluster.ScalarAsync("select count(*) from item_results where job_id = any(@ids)", ids);
        var reports = await cluster.ScalarAsync("select count(*) from explanations where job_id = any(@ids) and state = 'done'", ids);
        var epoch = await cluster.ScalarAsync("select coalesce((progress->>'epoch')::int, 0) from jobs where id = @id", ("id", workload.FineTune.Id));
        var items = workload.Jobs.Sum(j => j.Items);
        var expectedReports = workload.Jobs.Sum(j => j.Reports);
        _atFault = $"{results}/{items} results, {reports}/{expectedReports} reports, epoch {epoch}";
        Assert.True(results < items || reports < expectedReports, $"the fault must strike mid-job, but everything was done: {_atFault}");
    }

    private Task<long> ImageResultsAsync(FaultWorkload workload) =>
        cluster.ScalarAsync("select count(*) from item_results where job_id = @id", ("id", workload.Images.Id));

    private Task<List<string>> FirstChunkWritesAsync(FaultWorkload workload) => cluster.StringsAsync(
        "select item_index || '@' || completed_at || '@' || worker from item_results where job_id = @id and item_index < 4 order by item_index",
        ("id", workload.Images.Id));

    /// <summary>The worker whose Hangfire server (name "host:pid:SUFFIX") is processing a job of that server now.</summary>
    private async Task<int> ProcessingServerAsync(string suffix)
    {
        var live = cluster.Workers.Select(w => w.Id).ToHashSet();
        var pid = 0;
        await FaultCluster.WaitAsync(async () =>
        {
            var states = await cluster.StringsAsync(
                "select s.data::text from hangfire.job j join hangfire.state s on s.id = j.stateid where j.statename = 'Processing'");
            pid = states.Select(s => ServerProcess().Match(s)).Where(m => m.Success && m.Groups[2].Value == suffix)
                .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).FirstOrDefault(live.Contains);
            return pid != 0;
        }, $"a worker processing a {suffix} job", MomentDeadline);
        return pid;
    }

    private static int ProcessIdOf(string worker) => int.Parse(worker[(worker.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);

    private async Task<IBusControl> StartBusAsync()
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(TestServices.RabbitHost, (ushort)TestServices.RabbitPort, cluster.VirtualHost.Name, host =>
        {
            host.Username(TestServices.RabbitUser);
            host.Password(TestServices.RabbitPassword);
        }));
        await bus.StartAsync();
        return bus;
    }

    [GeneratedRegex(@":(\d+):(training|explain)[:""]", RegexOptions.IgnoreCase)]
    private static partial Regex ServerProcess();
}
