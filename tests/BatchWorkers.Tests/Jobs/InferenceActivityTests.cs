using System.Diagnostics;
using BatchWorkers.Worker.Jobs;

namespace BatchWorkers.Tests.Jobs;

/// <summary>The gate that makes explanation reports give way to inference chunks on the same worker.</summary>
public sealed class InferenceActivityTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task WaitForQuiet_NoChunkEverRan_IsQuietAtOnce()
    {
        var activity = new InferenceActivity();

        var quiet = await Task.Run(() => activity.WaitForQuiet(Long, Long, CancellationToken.None)).WaitAsync(Deadline);

        Assert.True(quiet);
    }

    [Fact]
    public void WaitForQuiet_WhileChunksRun_GivesUpAfterTheMaximumWait()
    {
        var activity = new InferenceActivity();
        using var first = activity.Enter();
        var second = activity.Enter();
        second.Dispose();
        second.Dispose(); // a second dispose must not count the first chunk as ended

        var started = Stopwatch.GetTimestamp();
        var quiet = activity.WaitForQuiet(TimeSpan.Zero, TimeSpan.FromMilliseconds(100), CancellationToken.None);

        Assert.False(quiet);
        Assert.Equal(1, activity.Running);
        Assert.True(Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(90));
    }

    [Fact]
    public async Task WaitForQuiet_ChunkEnds_WakesTheWaiter()
    {
        var activity = new InferenceActivity();
        var chunk = activity.Enter();
        var waiting = Task.Run(() => activity.WaitForQuiet(TimeSpan.Zero, Long, CancellationToken.None));
        Assert.False(waiting.IsCompleted);

        chunk.Dispose();

        Assert.True(await waiting.WaitAsync(Deadline));
        Assert.Equal(0, activity.Running);
    }

    [Fact]
    public void WaitForQuiet_AfterAChunk_WaitsOutTheQuietPeriod()
    {
        var activity = new InferenceActivity();
        activity.Enter().Dispose();
        var ended = Stopwatch.GetTimestamp();

        var quiet = activity.WaitForQuiet(TimeSpan.FromMilliseconds(200), Long, CancellationToken.None);

        Assert.True(quiet);
        Assert.True(Stopwatch.GetElapsedTime(ended) >= TimeSpan.FromMilliseconds(190));
    }

    [Fact]
    public void WaitForQuiet_Cancelled_Throws()
    {
        var activity = new InferenceActivity();
        using var chunk = activity.Enter();
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => activity.WaitForQuiet(TimeSpan.Zero, Long, cancellation.Token));
    }
}
