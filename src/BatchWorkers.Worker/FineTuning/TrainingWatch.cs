using System.Text.Json;
using BatchWorkers.Contracts;
using BatchWorkers.Training.Trainers;
using BatchWorkers.Worker.Jobs;

namespace BatchWorkers.Worker.FineTuning;

/// <summary>
/// Runs beside a training run: keeps its latest progress (the trainer reports on its own thread, synchronously)
/// and saves it to the job every interval, and cancels the run when the job is cancelled or Hangfire stops it.
/// </summary>
public sealed class TrainingWatch : IProgress<TrainingProgress>, IDisposable
{
    private readonly CancellationTokenSource _cancellation;
    private readonly Task _loop;
    private TrainingProgress? _latest;

    private readonly Action<string> _dashboard;

    /// <param name="dashboard">Also shows the progress (JSON) where operators look: the Hangfire job's page.</param>
    public TrainingWatch(JobStore jobs, Guid jobId, TimeSpan interval, Action<string> dashboard, CancellationToken stop)
    {
        _dashboard = dashboard;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(stop);
        _loop = WatchAsync(jobs, jobId, interval);
    }

    public CancellationToken Token => _cancellation.Token;

    public void Report(TrainingProgress value) => Volatile.Write(ref _latest, value);

    private async Task WatchAsync(JobStore jobs, Guid jobId, TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        TrainingProgress? saved = null;
        try
        {
            while (await timer.WaitForNextTickAsync(_cancellation.Token))
            {
                try
                {
                    if (Volatile.Read(ref _latest) is { } latest && latest != saved)
                    {
                        var json = JsonSerializer.Serialize(latest, BatchWorkersJson.Options);
                        await jobs.SetProgressAsync(jobId, json, _cancellation.Token);
                        _dashboard(json);
                        saved = latest;
                    }

                    if (await jobs.GetAsync(jobId, _cancellation.Token) is { State: JobState.Cancelled })
                    {
                        await _cancellation.CancelAsync();
                    }
                }
                catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
                {
                    // The database is away for a moment (a restart, a failover): training goes on, and so does this
                    // loop on the next tick. Before, the loop died here, and cancelling the job no longer stopped it.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended or was cancelled.
        }
    }

    public void Dispose()
    {
        _cancellation.Cancel();
        _loop.GetAwaiter().GetResult();
        _cancellation.Dispose();
    }
}
