namespace BatchWorkers.Seq2Seq.Generation;

/// <summary>Numerically stable log-softmax over one row, in place.</summary>
internal static class LogSoftmax
{
    public static void Apply(Span<float> values)
    {
        float max = float.NegativeInfinity;
        foreach (float value in values)
        {
            max = Math.Max(max, value);
        }

        if (float.IsNegativeInfinity(max))
        {
            // Every token is impossible; leave them all −∞ rather than NaN.
            return;
        }

        // Accumulate in double: a 50k-wide float sum loses digits that decide near-ties between beams.
        double sum = 0;
        foreach (float value in values)
        {
            sum += Math.Exp(value - max);
        }

        float offset = (float)(max + Math.Log(sum));
        for (int i = 0; i < values.Length; i++)
        {
            values[i] -= offset;
        }
    }
}
