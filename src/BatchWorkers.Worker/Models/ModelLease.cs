namespace BatchWorkers.Worker.Models;

/// <summary>A loaded model in use by one chunk. Dispose it when the chunk is done with the model.</summary>
public sealed class ModelLease<T> : IDisposable
    where T : class
{
    private readonly LeaseEntry<T> _entry;
    private int _released;

    internal ModelLease(LeaseEntry<T> entry) => _entry = entry;

    public T Value => _entry.Value;

    /// <summary>Whether the model behind this lease has been disposed (retired and drained).</summary>
    public bool IsDisposed => _entry.IsDisposed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _entry.Release();
        }
    }
}

/// <summary>A loaded model with its count of leases; disposed when retired and no lease remains.</summary>
internal sealed class LeaseEntry<T>(T value, Action<T> dispose)
    where T : class
{
    private readonly Lock _lock = new();
    private int _leases;
    private bool _retired;

    public T Value { get; } = value;

    public bool IsDisposed { get; private set; }

    /// <summary>When a lease last started (ticks of <see cref="Environment.TickCount64"/>), for idle eviction.</summary>
    public long LastUsed { get; private set; } = Environment.TickCount64;

    public bool IsIdle => Volatile.Read(ref _leases) == 0;

    public bool TryLease()
    {
        lock (_lock)
        {
            if (_retired)
            {
                return false;
            }

            _leases++;
            LastUsed = Environment.TickCount64;
            return true;
        }
    }

    public void Release()
    {
        lock (_lock)
        {
            _leases--;
            DisposeIfDrained();
        }
    }

    public void Retire()
    {
        lock (_lock)
        {
            _retired = true;
            DisposeIfDrained();
        }
    }

    private void DisposeIfDrained()
    {
        if (_retired && _leases == 0 && !IsDisposed)
        {
            dispose(Value);
            IsDisposed = true;
        }
    }
}
