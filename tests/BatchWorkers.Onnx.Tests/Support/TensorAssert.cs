using BatchWorkers.Onnx.Tests.Reference;

namespace BatchWorkers.Onnx.Tests.Support;

internal static class TensorAssert
{
    /// <summary>Same shape, and every value within 1e-4 (relative above magnitude 1).</summary>
    public static void Close(RefTensor expected, RefTensor actual, double tolerance = 1e-4)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        for (var i = 0; i < expected.Data.Length; i++)
        {
            var allowed = tolerance * Math.Max(1, Math.Abs(expected.Data[i]));
            if (Math.Abs(expected.Data[i] - actual.Data[i]) > allowed)
            {
                Assert.Fail($"Element {i}: expected {expected.Data[i]}, ONNX Runtime gave {actual.Data[i]}.");
            }
        }
    }
}
