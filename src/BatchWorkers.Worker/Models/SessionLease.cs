namespace BatchWorkers.Worker.Models;

/// <summary>A session in use by one chunk. Dispose it when the chunk is done with the session.</summary>
public sealed class SessionLease(ModelLease<LoadedSession> lease) : IDisposable
{
    public LoadedSession Loaded => lease.Value;

    /// <summary>Whether the session behind this lease has been disposed (retired and drained).</summary>
    public bool IsSessionDisposed => lease.IsDisposed;

    public void Dispose() => lease.Dispose();
}
