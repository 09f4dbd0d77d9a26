using System.Diagnostics;
using System.Globalization;
using BatchWorkers.Benchmarks.Measurements;
using BatchWorkers.Benchmarks.Reporting;
using BatchWorkers.Benchmarks.Services;
using BatchWorkers.Benchmarks.Workload;
using BatchWorkers.Contracts;
using MassTransit;
using Npgsql;

namespace BatchWorkers.Benchmarks.Load;

/// <summary>
/// One load run: a fresh database, vhost and worker process; a warm-up job per model; then one image job and many
/// small text jobs published at once, sampled (worker RSS, queue depths) until every job has a final state.
/// </summary>
public sealed class LoadPhase(BenchServices services, string modelStore, string imageModel, IReadOnlyDictionary<string, string> workerSettings, Action<string> log)
{
    private const string LoadKeyPrefix = "load-";
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);

    private static readonly string[] ConsumedQueues =
        ["submit-image-classification", "submit-translation", "submit-summarization", "classify-images", "translate-texts", "summarize-texts"];

    public async Task<LoadPhaseResult> RunAsync(IReadOnlyList<string> imageUris, int textJobs, CancellationToken cancellationToken)
    {
        await using var database = await BenchDatabase.CreateAsync(services, cancellationToken);
        await using var vhost = await BenchVirtualHost.CreateAsync(services, cancellationToken);
        await using var worker = await WorkerProcess.StartAsync(
            WorkerConfiguration.For(services, database, vhost, modelStore, workerSettings), cancellationToken);
        var bus = await InProcessWorker.StartBusAsync(services, vhost, configure: null, cancellationToken);
        var waiter = new JobWaiter(database.DataSource, vhost, [worker], log);
        try
        {
            foreach (var queue in ConsumedQueues)
            {
                // A publish before the worker has bound its queues would be dropped by the exchange.
                await vhost.WaitForConsumerAsync(queue, TimeSpan.FromSeconds(90), cancellationToken);
            }

            log($"Worker process {worker.Id} ready (database {database.Name}, vhost {vhost.Name}). Warming up: one small job per model.");
            var warmUp = new List<object>
            {
                new SubmitImageClassificationJob { Model = imageModel, IdempotencyKey = "warmup-images", Items = imageUris.Take(2).Select(u => JobItem.FromUri(u)).ToList() },
                SmallTextJobs.Create(0, "warmup-translation", new Random(BenchOptions.Seed)),
                SmallTextJobs.Create(1, "warmup-summarization", new Random(BenchOptions.Seed)),
            };
            await PublishAllAsync(bus, warmUp, cancellationToken);
            await waiter.WaitAsync("warmup-", warmUp.Count, cancellationToken);
            var afterWarmUp = worker.Memory();

            var random = new Random(BenchOptions.Seed);
            var messages = new List<object>(textJobs + 1)
            {
                new SubmitImageClassificationJob
                {
                    Model = imageModel,
                    IdempotencyKey = $"{LoadKeyPrefix}images",
                    Items = imageUris.Select((uri, i) => JobItem.FromUri(uri, $"image-{i.ToString("D5", CultureInfo.InvariantCulture)}.jpg")).ToList(),
                },
            };
            messages.AddRange(Enumerable.Range(0, textJobs).Select(i => SmallTextJobs.Create(i, $"{LoadKeyPrefix}text-{i:D5}", random)));

            log($"Publishing 1 image job of {imageUris.Count:N0} images and {textJobs:N0} text jobs at once; worker RSS {afterWarmUp.ResidentMiB:0} MiB after warm-up.");
            var loadBefore = MachineInfo.LoadAverages();
            var cpuBefore = worker.CpuTime();
            var published = DateTime.UtcNow;
            var started = Stopwatch.GetTimestamp();
            var sampler = LoadSampler.Start(worker, vhost, SampleInterval, started);
            await PublishAllAsync(bus, messages, cancellationToken);
            var publishing = Stopwatch.GetElapsedTime(started);
            await waiter.WaitAsync(LoadKeyPrefix, messages.Count, cancellationToken);
            var wall = Stopwatch.GetElapsedTime(started);
            var samples = await sampler.StopAsync(cancellationToken);
            var peak = worker.Memory().PeakResidentBytes;
            var cpu = worker.CpuTime() - cpuBefore;
            var loadAfter = MachineInfo.LoadAverages();

            var latencies = await LatenciesAsync(database.DataSource, published, cancellationToken);
            var textItems = latencies.Where(l => l.JobType is nameof(JobType.Translation) or nameof(JobType.Summarization)).Sum(l => l.Items);
            return new LoadPhaseResult(
                imageUris.Count, textJobs, textItems, wall, await ImagesDoneAsync(database.DataSource, published, cancellationToken), publishing,
                latencies, await JobStatesAsync(database.DataSource, cancellationToken), afterWarmUp, peak, cpu, samples, loadBefore, loadAfter);
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }

    private static Task PublishAllAsync(IBus bus, IEnumerable<object> messages, CancellationToken cancellationToken) =>
        Task.WhenAll(messages.Select(message => bus.Publish(message, message.GetType(), cancellationToken)));

    private static async Task<IReadOnlyList<ItemLatency>> LatenciesAsync(NpgsqlDataSource db, DateTime published, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            with items as (
                select j.job_type, r.succeeded,
                       extract(epoch from r.completed_at - j.submitted_at)::float8 as from_submitted,
                       extract(epoch from r.completed_at - @published)::float8 as from_published
                from item_results r join jobs j on j.id = r.job_id
                where j.idempotency_key like 'load-%')
            select coalesce(job_type, 'all'), count(*), count(*) filter (where not succeeded),
                   percentile_cont(0.5) within group (order by from_submitted),
                   percentile_cont(0.95) within group (order by from_submitted),
                   percentile_cont(0.99) within group (order by from_submitted),
                   max(from_submitted),
                   percentile_cont(0.5) within group (order by from_published),
                   percentile_cont(0.99) within group (order by from_published)
            from items
            group by grouping sets ((job_type), ())
            order by job_type nulls last
            """);
        command.Parameters.AddWithValue("published", published);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<ItemLatency>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new ItemLatency(
                reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2),
                new Percentiles(reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5), reader.GetDouble(6)),
                reader.GetDouble(7), reader.GetDouble(8)));
        }

        return rows;
    }

    private static async Task<TimeSpan> ImagesDoneAsync(NpgsqlDataSource db, DateTime published, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            select extract(epoch from max(r.completed_at) - @published)::float8
            from item_results r join jobs j on j.id = r.job_id
            where j.idempotency_key = 'load-images'
            """);
        command.Parameters.AddWithValue("published", published);
        return TimeSpan.FromSeconds((double)(await command.ExecuteScalarAsync(cancellationToken))!);
    }

    private static async Task<IReadOnlyDictionary<string, long>> JobStatesAsync(NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("select state, count(*) from jobs where idempotency_key like 'load-%' group by state order by state");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var states = new Dictionary<string, long>();
        while (await reader.ReadAsync(cancellationToken))
        {
            states[reader.GetString(0)] = reader.GetInt64(1);
        }

        return states;
    }
}
