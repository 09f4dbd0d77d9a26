namespace BatchWorkers.Seq2Seq.Tests.Onnx.Support;

/// <summary>Compares ONNX Runtime's floats with the reference's doubles.</summary>
internal static class Close
{
    /// <summary>Absolute tolerance, relative above magnitude 1.</summary>
    public const double Tolerance = 1e-4;

    public static void Equal(double expected, float actual, string where)
    {
        if (!(Math.Abs(expected - actual) <= Tolerance * Math.Max(1, Math.Abs(expected))))
        {
            Assert.Fail($"{where}: expected {expected}, ONNX Runtime gave {actual}.");
        }
    }

    /// <summary>Row <paramref name="row"/> of a [rows, positions, width] tensor against [positions][width].</summary>
    public static void Rows(double[][] expected, FloatTensor actual, long row, string name)
    {
        Assert.Equal(expected.Length, actual.Shape[1]);
        for (int position = 0; position < expected.Length; position++)
        {
            Assert.Equal(expected[position].Length, actual.Shape[2]);
            for (int i = 0; i < expected[position].Length; i++)
            {
                Equal(expected[position][i], actual[row, position, i], $"{name}[{row}, {position}, {i}]");
            }
        }
    }

    /// <summary>Row <paramref name="row"/> of a key/value tensor [rows, heads, positions, head_dim].</summary>
    public static void Heads(double[][][] expected, FloatTensor actual, long row, string name)
    {
        Assert.Equal(expected.Length, actual.Shape[1]);
        for (int head = 0; head < expected.Length; head++)
        {
            Assert.Equal(expected[head].Length, actual.Shape[2]);
            for (int position = 0; position < expected[head].Length; position++)
            {
                for (int i = 0; i < expected[head][position].Length; i++)
                {
                    Equal(expected[head][position][i], actual[row, head, position, i], $"{name}[{row}, {head}, {position}, {i}]");
                }
            }
        }
    }
}
