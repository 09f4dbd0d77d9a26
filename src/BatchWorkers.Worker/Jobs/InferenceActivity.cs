using System.Diagnostics;

namespace BatchWorkers.Worker.Jobs;

/// <summary>
/// Which chunks this process is running, and when the last one ended, so that background work on the same cores
/// (explanation reports) can give way to inference instead of competing with it.
/// </summary>
public sealed class InferenceActivity
{
    private readonly Lock _lock = new();
    private readonly ManualResetEventSlim _idle = new(initialState: true);
    private readonly ManualResetEventSlim _busy = new(initialState: false);
    private int _running;
    private long _lastEnded;

    /// <summary>Chunks running now.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>Marks a chunk as running until the returned handle is disposed.</summary>
    public IDisposable Enter()
    {
        lock (_lock)
        {
            if (_running++ == 0)
            {
                _idle.Reset();
                _busy.Set();
            }
        }

        return new Exit(this);
    }

    /// <summary>
    /// Blocks until no chunk has run for <paramref name="quietPeriod"/> (true), or until <paramref name="maxWait"/>
    /// has passed without such a moment (false), so a caller that is never given a quiet moment still progresses.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled while waiting.</exception>
    public bool WaitForQuiet(TimeSpan quietPeriod, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var left = maxWait - Stopwatch.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            if (!_idle.IsSet)
            {
                _idle.Wait(left, cancellationToken);
                continue;
            }

            var lastEnded = Volatile.Read(ref _lastEnded);
            var quietFor = lastEnded == 0 ? quietPeriod : Stopwatch.GetElapsedTime(lastEnded);
            if (quietFor >= quietPeriod)
            {
                return true;
            }

            // Wait out the rest of the quiet period; a chunk starting meanwhile wakes us to wait for it instead.
            _busy.Wait(Min(quietPeriod - quietFor, left), cancellationToken);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private void Leave()
    {
        lock (_lock)
        {
            Volatile.Write(ref _lastEnded, Stopwatch.GetTimestamp());
            if (--_running == 0)
            {
                _busy.Reset();
                _idle.Set();
            }
        }
    }

    private sealed class Exit(InferenceActivity activity) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                activity.Leave();
            }
        }
    }
}
