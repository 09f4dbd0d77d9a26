namespace BatchWorkers.Training.Trainers;

/// <summary>
/// The random stream of one epoch, derived from (seed, epoch) alone. A run resumed at epoch k + 1 therefore
/// shuffles and augments exactly as an uninterrupted run would, without saving generator state.
/// </summary>
internal static class EpochRandom
{
    public static Random For(int seed, int epoch) => new(unchecked((seed * 1_000_003) + (epoch * 7_919)));

    /// <summary>A Fisher–Yates shuffle of 0..count−1.</summary>
    public static int[] Order(int count, Random random)
    {
        var order = Enumerable.Range(0, count).ToArray();
        random.Shuffle(order);
        return order;
    }
}
