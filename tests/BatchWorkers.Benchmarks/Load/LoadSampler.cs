using System.Diagnostics;
using BatchWorkers.Benchmarks.Services;

namespace BatchWorkers.Benchmarks.Load;

/// <summary>
/// Samples the worker process's resident memory (/proc) and the vhost's queue depths (management API) at a fixed
/// interval in the background, from the moment the jobs are submitted until <see cref="StopAsync"/>.
/// </summary>
public sealed class LoadSampler
{
    private readonly WorkerProcess _worker;
    private readonly BenchVirtualHost _vhost;
    private readonly TimeSpan _interval;
    private readonly long _startedAt;
    private readonly List<LoadSample> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    private LoadSampler(WorkerProcess worker, BenchVirtualHost vhost, TimeSpan interval, long startedAt)
    {
        _worker = worker;
        _vhost = vhost;
        _interval = interval;
        _startedAt = startedAt;
    }

    /// <param name="startedAt">The <see cref="Stopwatch"/> timestamp sample times are measured from.</param>
    public static LoadSampler Start(WorkerProcess worker, BenchVirtualHost vhost, TimeSpan interval, long startedAt)
    {
        var sampler = new LoadSampler(worker, vhost, interval, startedAt);
        sampler._loop = sampler.RunAsync(sampler._stop.Token);
        return sampler;
    }

    /// <summary>Takes a last sample and returns them all, oldest first.</summary>
    public async Task<IReadOnlyList<LoadSample>> StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        await _loop!;
        _samples.Add(await SampleAsync(cancellationToken));
        return _samples;
    }

    private async Task RunAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_interval);
        try
        {
            do
            {
                _samples.Add(await SampleAsync(stop));
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    private async Task<LoadSample> SampleAsync(CancellationToken cancellationToken)
    {
        var memory = _worker.Memory();
        var seconds = Stopwatch.GetElapsedTime(_startedAt).TotalSeconds;
        var depths = await _vhost.QueueDepthsAsync(cancellationToken);
        return new LoadSample(seconds, memory.ResidentBytes, memory.PeakResidentBytes, depths);
    }
}
