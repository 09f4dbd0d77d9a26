namespace BatchWorkers.Worker.Models;

/// <summary>A session in use by one chunk. Dispose it when the chunk is done with the session.</summary>
public sealed class SessionLease : IDisposable
{
    private readonly SessionEntry _entry;
    private int _released;

    internal SessionLease(SessionEntry entry) => _entry = entry;

    public LoadedSession Loaded => _entry.Loaded;

    /// <summary>Whether the session behind this lease has been disposed (retired and drained).</summary>
    public bool IsSessionDisposed => _entry.IsDisposed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _entry.Release();
        }
    }
}

/// <summary>A loaded session with its count of leases; disposed when retired and no lease remains.</summary>
internal sealed class SessionEntry(LoadedSession loaded)
{
    private readonly Lock _lock = new();
    private int _leases;
    private bool _retired;

    public LoadedSession Loaded { get; } = loaded;

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
            Loaded.Session.Dispose();
            IsDisposed = true;
        }
    }
}
