using System.Diagnostics;

namespace BatchWorkers.Tests.Infrastructure;

/// <summary>Waits for a condition to hold, checking it repeatedly, and fails with a description when time runs out.</summary>
public static class Eventually
{
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

            // A short poll interval between checks of the real system, not a guess at how long work takes.
            await Task.Delay(100);
        }
        while (watch.Elapsed < limit);

        throw new TimeoutException($"Timed out after {limit.TotalSeconds:0} s waiting for: {description}. Last value: {last}");
    }

    public static Task HoldsAsync(Func<Task<bool>> condition, string description, TimeSpan? timeout = null) =>
        ReturnsAsync(condition, ok => ok, description, timeout);
}
