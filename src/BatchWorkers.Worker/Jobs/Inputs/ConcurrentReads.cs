namespace BatchWorkers.Worker.Jobs.Inputs;

/// <summary>
/// Reads a chunk's items a few at a time: items given as URLs or files wait on the network or the disk, and one
/// slow server must not make a chunk wait for each of its items in turn.
/// </summary>
public static class ConcurrentReads
{
    /// <summary>Reads every item with at most <paramref name="concurrency"/> reads at once; results in item order.</summary>
    public static async Task<T[]> ReadAllAsync<T>(
        IReadOnlyList<PendingItem> items, int concurrency, Func<PendingItem, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        var results = new T[items.Count];
        // Inline items need no I/O: read them in place rather than pay for scheduling.
        if (items.All(i => i.Uri is null))
        {
            for (var i = 0; i < items.Count; i++)
            {
                results[i] = await read(items[i], cancellationToken);
            }

            return results;
        }

        await Parallel.ForEachAsync(
            Enumerable.Range(0, items.Count),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await read(items[i], ct));
        return results;
    }
}
