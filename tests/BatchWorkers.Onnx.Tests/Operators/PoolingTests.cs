using BatchWorkers.Onnx.Tests.Reference;
using BatchWorkers.Onnx.Tests.Support;

namespace BatchWorkers.Onnx.Tests.Operators;

public sealed class PoolingTests
{
    [Fact]
    public void MaxPool_StrideLeftOut_UsesKernelAsStrideLikePyTorch()
    {
        var x = RefTensor.Random(new Random(31), [1, 2, 6, 6]);

        var actual = Run(x, g => g.MaxPool("x", "y", new PoolOptions([2, 2])));

        // ONNX's own default stride of 1 would give 5×5.
        Assert.Equal([1, 2, 3, 3], actual.Shape);
        TensorAssert.Close(ReferencePooling.MaxPool2d(x, (2, 2), (2, 2), (0, 0, 0, 0)), actual);
    }

    [Fact]
    public void MaxPool_OverlappingWindowsWithPadding_MatchesReference()
    {
        var x = RefTensor.Random(new Random(32), [2, 3, 7, 9]);

        var actual = Run(x, g => g.MaxPool("x", "y", new PoolOptions([3, 2]) { Strides = [2, 1], Pads = [1, 0, 1, 1] }));

        TensorAssert.Close(ReferencePooling.MaxPool2d(x, (3, 2), (2, 1), (1, 0, 1, 1)), actual);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AveragePool_Padding_MatchesReferenceForCountIncludePad(bool countIncludePad)
    {
        var x = RefTensor.Random(new Random(33), [2, 3, 6, 5]);
        var options = PoolOptions.Square2d(3, stride: 2, padding: 1) with { CountIncludePad = countIncludePad };

        var actual = Run(x, g => g.AveragePool("x", "y", options));

        var expected = ReferencePooling.AvgPool2d(x, (3, 3), (2, 2), (1, 1, 1, 1), countIncludePad);
        TensorAssert.Close(expected, actual);
    }

    [Fact]
    public void GlobalAveragePool_NonSquareInput_AveragesEachPlane()
    {
        var x = RefTensor.Random(new Random(34), [3, 4, 5, 7]);

        var actual = Run(x, g => g.GlobalAveragePool("x", "y"));

        TensorAssert.Close(ReferencePooling.GlobalAvgPool(x), actual);
    }

    private static RefTensor Run(RefTensor x, Action<OnnxGraph> addPool)
    {
        var model = new OnnxModelBuilder();
        model.Graph.AddFloatInput("x", "N", x.Shape[1], x.Shape[2], x.Shape[3]);
        addPool(model.Graph);
        model.Graph.AddFloatOutput("y");
        return Ort.RunSingle(model.ToBytes(), ("x", x));
    }
}
