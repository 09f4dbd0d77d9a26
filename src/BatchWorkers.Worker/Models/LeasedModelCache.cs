using System.Collections.Concurrent;

namespace BatchWorkers.Worker.Models;

/// <summary>A cache of loaded models that can be told to unload a version (a promotion, or idleness).</summary>
public interface IModelUnloader
{
    /// <summary>Stops handing out <paramref name="modelKey"/>; it is disposed once the chunks using it finish.</summary>
    void Retire(string modelKey);

    /// <summary>Retires what nobody has used for <paramref name="idleFor"/>; returns how many.</summary>
    int RetireIdle(TimeSpan idleFor);
}

/// <summary>
/// One loaded <typeparamref name="T"/> per model version, created on first use and shared. Callers hold a
/// <see cref="ModelLease{T}"/> while they use it; a retired version is disposed when its last lease ends, and the
/// native memory it freed goes back to the operating system (<see cref="NativeHeap"/>). A load that fails is not
/// cached, so a fixed model folder is picked up by the next chunk.
/// </summary>
public sealed class LeasedModelCache<T>(Action<T> dispose) : IDisposable
    where T : class
{
    private readonly Action<T> _disposeAndTrim = value =>
    {
        dispose(value);
        NativeHeap.Trim();
    };

    private readonly ConcurrentDictionary<string, Lazy<LeaseEntry<T>>> _entries = new();

    /// <summary>How many versions are loaded.</summary>
    public int LoadedCount => _entries.Values.Count(l => l.IsValueCreated);

    /// <summary>Leases the loaded <paramref name="key"/>, loading it with <paramref name="load"/> when needed.</summary>
    public ModelLease<T> Acquire(string key, Func<T> load)
    {
        while (true)
        {
            var lazy = _entries.GetOrAdd(key, _ => new Lazy<LeaseEntry<T>>(() => new LeaseEntry<T>(load(), _disposeAndTrim)));
            LeaseEntry<T> entry;
            try
            {
                entry = lazy.Value;
            }
            catch
            {
                _entries.TryRemove(new KeyValuePair<string, Lazy<LeaseEntry<T>>>(key, lazy));
                throw;
            }

            if (entry.TryLease())
            {
                return new ModelLease<T>(entry);
            }

            // Retired between the lookup and the lease: the next lookup loads it afresh.
        }
    }

    /// <summary>Stops handing out <paramref name="modelKey"/>; false when it was not loaded.</summary>
    public bool Retire(string modelKey)
    {
        if (_entries.TryRemove(modelKey, out var lazy) && lazy.IsValueCreated)
        {
            lazy.Value.Retire();
            return true;
        }

        return false;
    }

    /// <summary>Retires what nobody has used for <paramref name="idleFor"/>; returns how many.</summary>
    public int RetireIdle(TimeSpan idleFor)
    {
        var cutoff = Environment.TickCount64 - (long)idleFor.TotalMilliseconds;
        var idle = _entries.Where(p => p.Value.IsValueCreated && p.Value.Value.IsIdle && p.Value.Value.LastUsed <= cutoff).Select(p => p.Key).ToList();
        foreach (var key in idle)
        {
            Retire(key);
        }

        return idle.Count;
    }

    public void Dispose()
    {
        foreach (var lazy in _entries.Values.Where(l => l.IsValueCreated))
        {
            lazy.Value.Retire();
        }
    }
}
