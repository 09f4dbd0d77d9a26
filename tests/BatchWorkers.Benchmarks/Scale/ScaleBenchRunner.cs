using System.Globalization;
using BatchWorkers.Benchmarks.Reporting;
using BatchWorkers.Benchmarks.Services;
using BatchWorkers.Benchmarks.Workload;
using BatchWorkers.Contracts;
using MassTransit;
using Npgsql;
using Spectre.Console;

namespace BatchWorkers.Benchmarks.Scale;

/// <summary>
/// For each worker count: a fresh database and vhost, that many worker processes on them (competing consumers of
/// one queue, several Hangfire servers on one PostgreSQL), a warm-up that reaches every worker, then the job measured
/// once; <see cref="ScaleBenchOptions.Runs"/> rounds of every count in turn.
/// </summary>
public sealed class ScaleBenchRunner(ScaleBenchOptions options, IAnsiConsole console)
{
    // Warm-up jobs until every worker has loaded the model (chunks go to whichever worker asks first).
    private const int WarmUpAttempts = 3;

    public async Task<IReadOnlyList<ReportTable>> RunAsync(CancellationToken cancellationToken)
    {
        var services = BenchServices.FromEnvironment();
        var store = Directory.CreateTempSubdirectory("bw-bench-scale-models-").FullName;
        var inputs = Directory.CreateTempSubdirectory("bw-bench-scale-inputs-").FullName;
        try
        {
            var model = BenchModel.All.Single(m => m.Name == options.Model);
            Log($"Writing {model.Name} ({model.GigaMacsPerImage:0.00} GMAC/image) and {options.Images:N0} JPEG files.");
            model.WriteTo(store, BenchOptions.Seed);
            var (uris, _) = ImageFiles.Write(inputs, options.Images, BenchOptions.Seed);
            var settings = options.EffectiveWorkerSettings(inputs);
            var runs = new List<ScaleRun>();
            // Rounds of every worker count in turn, so load from other work that drifts over the benchmark is spread
            // over the counts instead of favouring one.
            for (var round = 1; round <= options.Runs; round++)
            {
                foreach (var count in options.WorkerCounts)
                {
                    runs.Add(await MeasureAsync(services, store, settings, uris, count, round, cancellationToken));
                }
            }

            await using var database = await BenchDatabase.CreateAsync(services, cancellationToken);
            await using var vhost = await BenchVirtualHost.CreateAsync(services, cancellationToken);
            var machine = MachineInfo.Describe(
                BenchOptions.CpuProvider, await database.ServerVersionAsync(cancellationToken), await vhost.ServerVersionAsync(cancellationToken));
            return ScaleReport.Build(options, model, runs, machine);
        }
        finally
        {
            Directory.Delete(store, recursive: true);
            Directory.Delete(inputs, recursive: true);
        }
    }

    private async Task<ScaleRun> MeasureAsync(
        BenchServices services, string store, IReadOnlyDictionary<string, string> settings, IReadOnlyList<string> uris, int count, int round,
        CancellationToken cancellationToken)
    {
        await using var database = await BenchDatabase.CreateAsync(services, cancellationToken);
        await using var vhost = await BenchVirtualHost.CreateAsync(services, cancellationToken);
        var configuration = WorkerConfiguration.For(services, database, vhost, store, settings);
        Log($"[bold]{count} worker process(es)[/]: starting them together on database {database.Name}.");
        var starting = Enumerable.Range(0, count).Select(_ => WorkerProcess.StartAsync(configuration, cancellationToken)).ToList();
        try
        {
            await Task.WhenAll(starting);
        }
        catch
        {
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }

            throw;
        }

        var workers = starting.Select(t => t.Result).ToList();
        var bus = await InProcessWorker.StartBusAsync(services, vhost, configure: null, cancellationToken);
        try
        {
            await vhost.WaitForConsumerAsync("submit-image-classification", TimeSpan.FromSeconds(90), cancellationToken);
            await vhost.WaitForConsumerAsync("classify-images", TimeSpan.FromSeconds(90), cancellationToken, consumers: count);
            var waiter = new JobWaiter(database.DataSource, vhost, workers, Log);
            await WarmUpAsync(bus, waiter, database.DataSource, uris, count, cancellationToken);

            var key = $"scale-{round}";
            var cpuBefore = workers.ToDictionary(w => w.Id, w => w.CpuTime());
            var loadBefore = MachineInfo.LoadAverages();
            var published = DateTime.UtcNow;
            await bus.Publish(ImageJob(key, uris), cancellationToken);
            await waiter.WaitAsync(key, 1, cancellationToken);
            var loadAfter = MachineInfo.LoadAverages();
            var cpu = workers.ToDictionary(w => w.Id, w => w.CpuTime() - cpuBefore[w.Id]);
            var (elapsed, items) = await DescribeAsync(database.DataSource, key, published, cancellationToken);
            var shares = workers.Select(w => new WorkerShare(w.Id, items.GetValueOrDefault(w.Id), cpu[w.Id])).ToList();
            var result = new ScaleRun(count, round, uris.Count, elapsed, shares, await HangfireServersAsync(database.DataSource, cancellationToken), loadBefore, loadAfter);
            Log($"  round {round}/{options.Runs}: [bold]{result.ImagesPerSecond:0.0} images/s[/] in {elapsed.TotalSeconds:0.0} s; images per worker " +
                $"{string.Join(" / ", shares.Select(s => s.Items))}; workers' CPU {result.CpuShare:0%} of the machine; load {loadBefore} → {loadAfter}.");
            return result;
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
            await Task.WhenAll(workers.Select(w => w.DisposeAsync().AsTask()));
        }
    }

    /// <summary>Small jobs (two chunks per worker) until every worker has written a result, so none loads the model during the measurement.</summary>
    private async Task WarmUpAsync(
        IBus bus, JobWaiter waiter, NpgsqlDataSource db, IReadOnlyList<string> uris, int count, CancellationToken cancellationToken)
    {
        var images = uris.Take(Math.Min(uris.Count, 2 * count * options.ChunkSize)).ToList();
        for (var attempt = 1; attempt <= WarmUpAttempts; attempt++)
        {
            var key = $"warmup-{attempt}";
            await bus.Publish(ImageJob(key, images), cancellationToken);
            await waiter.WaitAsync(key, 1, cancellationToken);
            await using var command = db.CreateCommand("select count(distinct worker) from item_results");
            if ((long)(await command.ExecuteScalarAsync(cancellationToken))! >= count)
            {
                return;
            }
        }

        Log($"[yellow]Warning:[/] after {WarmUpAttempts} warm-up jobs not every worker had taken a chunk; one may load the model during the measurement.");
    }

    private SubmitImageClassificationJob ImageJob(string key, IReadOnlyList<string> uris) => new()
    {
        Model = options.Model,
        IdempotencyKey = key,
        Items = uris.Select((uri, i) => JobItem.FromUri(uri, $"image-{i.ToString("D5", CultureInfo.InvariantCulture)}.jpg")).ToList(),
    };

    /// <summary>Publish → last result, and the results each worker process wrote (item_results.worker is HOST:PID).</summary>
    private static async Task<(TimeSpan Elapsed, Dictionary<int, long> Items)> DescribeAsync(
        NpgsqlDataSource db, string key, DateTime published, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            select r.worker, count(*), count(*) filter (where not r.succeeded), min(r.error_code || ': ' || r.error),
                   extract(epoch from max(max(r.completed_at)) over () - @published)::float8
            from item_results r join jobs j on j.id = r.job_id
            where j.idempotency_key = @key
            group by r.worker
            """);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("published", published);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new Dictionary<int, long>();
        var elapsed = TimeSpan.Zero;
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.GetInt64(2) is var failed and > 0)
            {
                throw new BenchmarkException($"{failed} images failed in job {key}, e.g. {reader.GetString(3)}. The measurement is not valid.");
            }

            var pid = int.Parse(reader.GetString(0).Split(':')[^1], CultureInfo.InvariantCulture);
            items[pid] = reader.GetInt64(1);
            elapsed = TimeSpan.FromSeconds(reader.GetDouble(4));
        }

        return (elapsed, items);
    }

    private static async Task<long> HangfireServersAsync(NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("select count(*) from hangfire.server");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private void Log(string markup) => console.MarkupLine($"[grey]{DateTime.Now:HH:mm:ss}[/] {markup}");
}
