using System.Diagnostics;
using Npgsql;

namespace BatchWorkers.Benchmarks.Services;

/// <summary>
/// Polls PostgreSQL until a set of jobs (by idempotency-key prefix) all have a final state, logging progress, and
/// fails with the queue depths and the workers' last log lines when nothing moves for too long.
/// </summary>
public sealed class JobWaiter(NpgsqlDataSource db, BenchVirtualHost vhost, IReadOnlyList<WorkerProcess> workers, Action<string> log)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(30);
    // No job finished and no result written for this long: something is stuck, not slow.
    private static readonly TimeSpan StallTimeout = TimeSpan.FromMinutes(5);

    public async Task WaitAsync(string keyPrefix, int expected, CancellationToken cancellationToken)
    {
        var lastProgress = Stopwatch.GetTimestamp();
        var lastReport = Stopwatch.GetTimestamp();
        (long Finished, long Results) previous = (-1, -1);
        while (true)
        {
            var now = await CountAsync(keyPrefix, cancellationToken);
            if (now.Finished >= expected)
            {
                return;
            }

            if (now != previous)
            {
                previous = now;
                lastProgress = Stopwatch.GetTimestamp();
            }

            if (Stopwatch.GetElapsedTime(lastReport) > ReportInterval)
            {
                lastReport = Stopwatch.GetTimestamp();
                var rss = string.Join(" / ", workers.Select(w => $"{w.Memory().ResidentMiB:0}"));
                log($"  {now.Finished:N0} of {expected:N0} jobs finished, {now.Results:N0} item results; worker RSS {rss} MiB.");
            }

            if (workers.FirstOrDefault(w => w.HasExited) is { } exited)
            {
                throw new BenchmarkException($"Worker process {exited.Id} exited during the run:{Environment.NewLine}{exited.LogTail()}");
            }

            if (Stopwatch.GetElapsedTime(lastProgress) > StallTimeout)
            {
                var depths = await vhost.QueueDepthsAsync(cancellationToken);
                throw new BenchmarkException(
                    $"No progress for {StallTimeout.TotalMinutes:0} minutes: {previous.Finished} of {expected} jobs finished, {previous.Results} results. " +
                    $"Queues: {string.Join(", ", depths.Select(d => $"{d.Key}={d.Value}"))}.{Environment.NewLine}" +
                    string.Join(Environment.NewLine, workers.Select(w => $"Worker {w.Id} log:{Environment.NewLine}{w.LogTail()}")));
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private async Task<(long Finished, long Results)> CountAsync(string keyPrefix, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            select (select count(*) from jobs where idempotency_key like @prefix and finished_at is not null),
                   (select count(*) from item_results)
            """);
        command.Parameters.AddWithValue("prefix", keyPrefix + "%");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
