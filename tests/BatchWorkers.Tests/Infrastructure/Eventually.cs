using System.Diagnostics;

namespace BatchWorkers.Tests.Infrastructure;

/// <summary>Waits for a condition to hold, checking it repeatedly, and fails with a description when time runs out.</summary>
public static class Eventually
{
    /// <summary>How often the condition is checked again: a poll of the real system, not a guess at how long work takes.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string description, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        var watch = Stopwatch.StartNew();
        T last;
        do
        {
            last = await probe();
            if (condition(last))
            {
                return last;
            }

            await Task.Delay(PollInterval);
        }
        while (watch.Elapsed < limit);

        throw new TimeoutException($"Timed out after {limit.TotalSeconds:0} s waiting for: {description}. Last value: {last}");
    }

    public static Task HoldsAsync(Func<Task<bool>> condition, string description, TimeSpan? timeout = null) =>
        ReturnsAsync(condition, ok => ok, description, timeout);
}
