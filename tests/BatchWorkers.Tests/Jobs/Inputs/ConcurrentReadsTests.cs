using BatchWorkers.Worker.Jobs;
using BatchWorkers.Worker.Jobs.Inputs;

namespace BatchWorkers.Tests.Jobs.Inputs;

/// <summary>A chunk's URL and file items are read several at a time, in item order.</summary>
public sealed class ConcurrentReadsTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ReadAllAsync_UrlItems_AreReadConcurrentlyAndReturnedInOrder()
    {
        var items = Enumerable.Range(0, 8).Select(i => new PendingItem { ItemIndex = i, Uri = $"http://images.example/{i}.jpg" }).ToList();
        // Every read waits for three others to be in flight: reading one at a time would never get past the first.
        using var fourAtOnce = new Barrier(4);

        var results = await ConcurrentReads.ReadAllAsync(items, concurrency: 4, (item, _) =>
            Task.Run(() => (item.ItemIndex, Met: fourAtOnce.SignalAndWait(Deadline))), CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 8), results.Select(r => r.ItemIndex));
        Assert.All(results, r => Assert.True(r.Met, $"item {r.ItemIndex} was read without three others alongside"));
    }

    [Fact]
    public async Task ReadAllAsync_NeverMoreThanTheLimitAtOnce()
    {
        var items = Enumerable.Range(0, 12).Select(i => new PendingItem { ItemIndex = i, Uri = $"file:///data/{i}.txt" }).ToList();
        var (inFlight, most) = (0, 0);

        await ConcurrentReads.ReadAllAsync(items, concurrency: 3, async (item, ct) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref most, now);
            await Task.Yield();
            Interlocked.Decrement(ref inFlight);
            return item.ItemIndex;
        }, CancellationToken.None);

        Assert.InRange(most, 1, 3);
    }

    [Fact]
    public async Task ReadAllAsync_InlineItems_AreReadInPlaceInOrder()
    {
        var items = Enumerable.Range(0, 5).Select(i => new PendingItem { ItemIndex = i, Data = [(byte)i] }).ToList();
        var order = new List<int>();

        await ConcurrentReads.ReadAllAsync(items, concurrency: 4, (item, _) =>
        {
            order.Add(item.ItemIndex);
            return Task.FromResult(item.ItemIndex);
        }, CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 5), order);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
