using Microsoft.Extensions.Options;

namespace BatchWorkers.Worker.Models;

/// <summary>Unloads sessions idle past <see cref="ModelOptions.SessionIdleTimeout"/>, so memory follows what is in use.</summary>
public sealed class IdleSessionEviction(IEnumerable<IModelUnloader> caches, IOptions<ModelOptions> options, TimeProvider time, ILogger<IdleSessionEviction> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timeout = options.Value.SessionIdleTimeout;
        using var timer = new PeriodicTimer(TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, timeout.Ticks / 4)), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (caches.Sum(cache => cache.RetireIdle(timeout)) is var retired and > 0)
            {
                logger.LogInformation("Unloaded {Count} model sessions idle for {Timeout}", retired, timeout);
            }
        }
    }
}
