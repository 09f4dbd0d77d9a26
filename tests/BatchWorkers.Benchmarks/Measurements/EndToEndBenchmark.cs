using System.Diagnostics;
using System.Globalization;
using BatchWorkers.Benchmarks.Services;
using BatchWorkers.Contracts;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Npgsql;

namespace BatchWorkers.Benchmarks.Measurements;

/// <summary>
/// One end-to-end measurement: publish → every result in PostgreSQL, plus where that time went according to the
/// worker's own timestamps (same machine, same clock).
/// </summary>
/// <param name="Elapsed">From just before publishing until the benchmark saw N rows in item_results.</param>
/// <param name="Intake">Publish → the first chunk starts (message transfer, job and items recorded, chunks dispatched).</param>
/// <param name="Processing">First chunk starts → last results written.</param>
/// <param name="Tail">Last results written → seen by the benchmark's 50 ms poll.</param>
/// <param name="PipelineTime">Sum of item_results.duration_ms: decode + preprocess + the item's share of inference.</param>
/// <param name="CpuShare">This process's (benchmark + worker) CPU time over wall time × cores; PostgreSQL and RabbitMQ not included.</param>
public sealed record EndToEndRun(
    TimeSpan Elapsed, int Images, TimeSpan Intake, TimeSpan Processing, TimeSpan Tail, TimeSpan PipelineTime, double CpuShare)
{
    public double ImagesPerSecond => Images / Elapsed.TotalSeconds;

    /// <summary>The job measured.</summary>
    public Guid JobId { get; init; }
}

/// <summary>
/// The real worker (<see cref="WorkerApplication"/>) in this process against the benchmark's database and vhost,
/// and a bus of the benchmark's own that submits jobs the way another service would.
/// </summary>
public sealed class EndToEndBenchmark : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(10);

    private readonly WebApplication _worker;
    private readonly IBusControl _bus;
    private readonly NpgsqlDataSource _db;

    private EndToEndBenchmark(WebApplication worker, IBusControl bus, NpgsqlDataSource db)
    {
        _worker = worker;
        _bus = bus;
        _db = db;
    }

    public static async Task<EndToEndBenchmark> StartAsync(
        BenchServices services, BenchDatabase database, BenchVirtualHost vhost, string modelStore, int batchSize,
        IEnumerable<KeyValuePair<string, string>> overrides, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string>
        {
            ["Jobs:ChunkSize"] = batchSize.ToString(CultureInfo.InvariantCulture),
            ["ImageClassification:BatchSize"] = batchSize.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        var worker = await InProcessWorker.StartAsync(services, database, vhost, modelStore, settings, cancellationToken);
        var bus = await InProcessWorker.StartBusAsync(services, vhost, configure: null, cancellationToken);
        var benchmark = new EndToEndBenchmark(worker, bus, database.DataSource);
        // A publish before the worker has bound its queues would be dropped by the exchange.
        await vhost.WaitForConsumerAsync("submit-image-classification", TimeSpan.FromSeconds(60), cancellationToken);
        await vhost.WaitForConsumerAsync("classify-images", TimeSpan.FromSeconds(60), cancellationToken);
        return benchmark;
    }

    /// <summary>Submits <paramref name="images"/> as one job and waits until every result is in PostgreSQL.</summary>
    /// <param name="executionProvider">What the worker must have run on; a worker that fell back to the CPU invalidates the run.</param>
    /// <param name="explain">Explanation reports the job asks for; null: none.</param>
    public async Task<EndToEndRun> RunAsync(
        string model, IReadOnlyList<byte[]> images, string executionProvider, CancellationToken cancellationToken, ExplainSettings? explain = null)
    {
        var key = $"bench-{Guid.NewGuid():N}";
        var message = new SubmitImageClassificationJob
        {
            Model = model,
            IdempotencyKey = key,
            Items = images.Select((bytes, i) => JobItem.FromBytes(bytes, $"image-{i:D5}.jpg")).ToList(),
            Explain = explain ?? new ExplainSettings { Mode = ExplainMode.None },
        };

        var cpu = CpuMeter.Start();
        var publishedAt = DateTime.UtcNow;
        var started = Stopwatch.GetTimestamp();
        await _bus.Publish(message, cancellationToken);
        var jobId = await WaitForJobIdAsync(key, started, cancellationToken);
        while (await CountResultsAsync(jobId, cancellationToken) < images.Count)
        {
            ThrowIfTooLong(started, images.Count);
            await Task.Delay(PollInterval, cancellationToken);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpuShare = cpu.Share();
        var seenAt = publishedAt + elapsed;
        var run = await DescribeAsync(jobId, images.Count, publishedAt, seenAt, elapsed, executionProvider, cancellationToken) with { CpuShare = cpuShare, JobId = jobId };
        await WaitForFinalStateAsync(jobId, cancellationToken);
        return run;
    }

    private async Task<Guid> WaitForJobIdAsync(string key, long started, CancellationToken cancellationToken)
    {
        while (true)
        {
            await using (var command = _db.CreateCommand("select id from jobs where idempotency_key = @key"))
            {
                command.Parameters.AddWithValue("key", key);
                if (await command.ExecuteScalarAsync(cancellationToken) is Guid id)
                {
                    return id;
                }
            }

            ThrowIfTooLong(started, 0);
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private async Task<long> CountResultsAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand("""
            select j.state, j.error, (select count(*) from item_results r where r.job_id = j.id) from jobs j where j.id = @jobId
            """);
        command.Parameters.AddWithValue("jobId", jobId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (state, count) = (reader.GetString(0), reader.GetInt64(2));
        // A job rejected at intake is Failed with no results; one that failed while running still writes every result.
        if (state == nameof(JobState.Failed) && count == 0)
        {
            throw new BenchmarkException($"Job {jobId} was rejected: {(reader.IsDBNull(1) ? "no reason given" : reader.GetString(1))}");
        }

        return count;
    }

    private async Task<EndToEndRun> DescribeAsync(
        Guid jobId, int images, DateTime publishedAt, DateTime seenAt, TimeSpan elapsed, string executionProvider,
        CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand("""
            select j.started_at, max(r.completed_at), sum(r.duration_ms), count(*) filter (where not r.succeeded),
                   min(r.error_code || ': ' || r.error), string_agg(distinct r.execution_provider, ', ')
            from jobs j join item_results r on r.job_id = j.id
            where j.id = @jobId
            group by j.id
            """);
        command.Parameters.AddWithValue("jobId", jobId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        if (reader.GetInt64(3) is var failed and > 0)
        {
            throw new BenchmarkException($"{failed} of {images} images failed in job {jobId}, e.g. {reader.GetString(4)}. The measurement is not valid.");
        }

        if (reader.GetString(5) != executionProvider)
        {
            throw new BenchmarkException($"The worker ran job {jobId} on {reader.GetString(5)}, not {executionProvider}: the comparison would be meaningless.");
        }

        var (firstStarted, lastWritten) = (reader.GetDateTime(0), reader.GetDateTime(1));
        return new EndToEndRun(
            elapsed, images, firstStarted - publishedAt, lastWritten - firstStarted, seenAt - lastWritten,
            TimeSpan.FromMilliseconds(reader.GetDouble(2)), double.NaN);
    }

    // Runs must not overlap: the job's last step (finalising, JobCompleted) happens just after its last results.
    private async Task WaitForFinalStateAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(30))
        {
            await using var command = _db.CreateCommand("select finished_at is not null from jobs where id = @jobId");
            command.Parameters.AddWithValue("jobId", jobId);
            if (await command.ExecuteScalarAsync(cancellationToken) is true)
            {
                return;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }

        throw new BenchmarkException($"Job {jobId} has every result but did not reach a final state within 30 s.");
    }

    private static void ThrowIfTooLong(long started, int images)
    {
        if (Stopwatch.GetElapsedTime(started) > JobTimeout)
        {
            throw new BenchmarkException($"The job of {images} images did not finish within {JobTimeout.TotalMinutes:0} minutes.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _bus.StopAsync();
        await _worker.StopAsync();
        await _worker.DisposeAsync();
    }
}
