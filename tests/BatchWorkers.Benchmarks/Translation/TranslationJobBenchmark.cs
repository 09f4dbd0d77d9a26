using System.Collections.Concurrent;
using System.Diagnostics;
using BatchWorkers.Benchmarks.Measurements;
using BatchWorkers.Benchmarks.Services;
using BatchWorkers.Contracts;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Npgsql;

namespace BatchWorkers.Benchmarks.Translation;

/// <summary>
/// One translation job end to end: publish <see cref="SubmitTranslationJob"/> → the worker's
/// <see cref="JobCompleted"/> received, and where that time went by the worker's own timestamps (same clock).
/// </summary>
/// <param name="Intake">Publish → the first chunk starts (message transfer, job and items recorded, chunks dispatched).</param>
/// <param name="Processing">First chunk starts → last results written.</param>
/// <param name="Completion">Last results written → JobCompleted received (closing the job, publishing the event).</param>
/// <param name="PipelineTime">Sum of item_results.duration_ms: each chunk's reading, tokenizing and generation time.</param>
/// <param name="CpuShare">This process's (benchmark + worker) CPU time over wall time × cores; PostgreSQL and RabbitMQ not included.</param>
public sealed record TranslationJobRun(
    TimeSpan Elapsed, int Sentences, long Tokens, TimeSpan Intake, TimeSpan Processing, TimeSpan Completion, TimeSpan PipelineTime,
    double CpuShare)
{
    public double TokensPerSecond => Tokens / Elapsed.TotalSeconds;

    public double SentencesPerSecond => Sentences / Elapsed.TotalSeconds;

    /// <summary>Generation as the engine's timing type, for side-by-side reporting.</summary>
    public GenerationTiming AsTiming() => new(Elapsed, Sentences, Tokens, CpuShare);
}

/// <summary>The in-process worker, and a bus that submits translation jobs and hears how they ended.</summary>
public sealed class TranslationJobBenchmark : IAsyncDisposable
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(10);

    private readonly WebApplication _worker;
    private readonly IBusControl _bus;
    private readonly NpgsqlDataSource _db;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<(Guid JobId, string Outcome)>> _finished;

    private TranslationJobBenchmark(
        WebApplication worker, IBusControl bus, NpgsqlDataSource db, ConcurrentDictionary<string, TaskCompletionSource<(Guid, string)>> finished)
    {
        _worker = worker;
        _bus = bus;
        _db = db;
        _finished = finished;
    }

    /// <param name="settings">Worker configuration (chunk size, batch size and any --worker KEY=VALUE).</param>
    public static async Task<TranslationJobBenchmark> StartAsync(
        BenchServices services, BenchDatabase database, BenchVirtualHost vhost, string modelStore,
        IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var worker = await InProcessWorker.StartAsync(services, database, vhost, modelStore, settings, cancellationToken);
        var finished = new ConcurrentDictionary<string, TaskCompletionSource<(Guid, string)>>();
        void Finish(string? key, Guid jobId, string outcome)
        {
            if (key is not null)
            {
                finished.GetOrAdd(key, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult((jobId, outcome));
            }
        }

        var bus = await InProcessWorker.StartBusAsync(services, vhost, rabbit => rabbit.ReceiveEndpoint(new TemporaryEndpointDefinition(), endpoint =>
        {
            endpoint.Handler<JobCompleted>(context =>
            {
                Finish(context.Message.IdempotencyKey, context.Message.JobId, context.Message.State.ToString());
                return Task.CompletedTask;
            });
            endpoint.Handler<JobFailed>(context =>
            {
                Finish(context.Message.IdempotencyKey, context.Message.JobId, $"{context.Message.State}: {context.Message.Reason}");
                return Task.CompletedTask;
            });
        }), cancellationToken);
        var benchmark = new TranslationJobBenchmark(worker, bus, database.DataSource, finished);
        // A publish before the worker has bound its queues would be dropped by the exchange.
        await vhost.WaitForConsumerAsync("submit-translation", TimeSpan.FromSeconds(60), cancellationToken);
        await vhost.WaitForConsumerAsync("translate-texts", TimeSpan.FromSeconds(60), cancellationToken);
        return benchmark;
    }

    /// <summary>Submits <paramref name="sentences"/> as one translation job (one item each) and waits for JobCompleted.</summary>
    /// <param name="executionProvider">What the worker must have run on.</param>
    public async Task<TranslationJobRun> RunAsync(
        string model, IReadOnlyList<string> sentences, string executionProvider, CancellationToken cancellationToken)
    {
        var key = $"bench-{Guid.NewGuid():N}";
        var finished = _finished.GetOrAdd(key, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        var message = new SubmitTranslationJob
        {
            Model = model,
            IdempotencyKey = key,
            Items = sentences.Select((text, i) => JobItem.FromText(text, $"sentence-{i:D5}")).ToList(),
        };

        var cpu = CpuMeter.Start();
        var publishedAt = DateTime.UtcNow;
        var started = Stopwatch.GetTimestamp();
        await new JobSubmitter(_bus).SubmitAsync(message, cancellationToken);
        (Guid jobId, string outcome) = await WaitAsync(finished.Task, sentences.Count, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpuShare = cpu.Share();
        _finished.TryRemove(key, out _);
        if (outcome != nameof(JobState.Succeeded))
        {
            throw new BenchmarkException($"Translation job {jobId} ended {outcome}; the measurement is not valid.");
        }

        return await DescribeAsync(jobId, sentences.Count, publishedAt, elapsed, executionProvider, cancellationToken) with { CpuShare = cpuShare };
    }

    private static async Task<(Guid, string)> WaitAsync(Task<(Guid, string)> finished, int sentences, CancellationToken cancellationToken)
    {
        try
        {
            return await finished.WaitAsync(JobTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new BenchmarkException($"The translation job of {sentences} sentences did not finish within {JobTimeout.TotalMinutes:0} minutes.");
        }
    }

    private async Task<TranslationJobRun> DescribeAsync(
        Guid jobId, int sentences, DateTime publishedAt, TimeSpan elapsed, string executionProvider, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand("""
            select j.started_at, max(r.completed_at), sum(r.duration_ms), count(*) filter (where not r.succeeded),
                   min(r.error_code || ': ' || r.error), string_agg(distinct r.execution_provider, ', '),
                   coalesce(sum((r.output ->> 'outputTokens')::bigint), 0)
            from jobs j join item_results r on r.job_id = j.id
            where j.id = @jobId
            group by j.id
            """);
        command.Parameters.AddWithValue("jobId", jobId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new BenchmarkException($"Job {jobId} completed without results.");
        }

        if (reader.GetInt64(3) is var failed and > 0)
        {
            throw new BenchmarkException($"{failed} of {sentences} sentences failed in job {jobId}, e.g. {reader.GetString(4)}. The measurement is not valid.");
        }

        if (reader.GetString(5) != executionProvider)
        {
            throw new BenchmarkException($"The worker ran job {jobId} on {reader.GetString(5)}, not {executionProvider}: the comparison would be meaningless.");
        }

        var (firstStarted, lastWritten) = (reader.GetDateTime(0), reader.GetDateTime(1));
        return new TranslationJobRun(
            elapsed, sentences, reader.GetInt64(6), firstStarted - publishedAt, lastWritten - firstStarted,
            publishedAt + elapsed - lastWritten, TimeSpan.FromMilliseconds(reader.GetDouble(2)), double.NaN);
    }

    public async ValueTask DisposeAsync()
    {
        await _bus.StopAsync();
        await _worker.StopAsync();
        await _worker.DisposeAsync();
    }
}
