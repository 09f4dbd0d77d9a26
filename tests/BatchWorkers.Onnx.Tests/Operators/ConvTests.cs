using BatchWorkers.Onnx.Tests.Reference;
using BatchWorkers.Onnx.Tests.Support;

namespace BatchWorkers.Onnx.Tests.Operators;

public sealed class ConvTests
{
    [Fact]
    public void Conv_AsymmetricStridesPadsDilationsAndGroups_MatchesReference()
    {
        var rng = new Random(11);
        var x = RefTensor.Random(rng, [2, 4, 9, 7]);
        var w = RefTensor.Random(rng, [6, 2, 3, 2]);
        var bias = RefTensor.Random(rng, [6]).Data;
        var model = new OnnxModelBuilder();
        var graph = model.Graph;
        graph.AddFloatInput("x", "N", 4, 9, 7);
        graph.AddInitializer("w", w.Data, 6, 2, 3, 2);
        graph.AddInitializer("b", bias, 6);
        graph.Conv("x", "w", "b", "y", new ConvOptions
        {
            KernelShape = [3, 2],
            Strides = [2, 1],
            Pads = [1, 0, 2, 1],
            Dilations = [1, 2],
            Group = 2,
        });
        graph.AddFloatOutput("y");

        var actual = Ort.RunSingle(model.ToBytes(), ("x", x));

        var expected = ReferenceConv.Conv2d(x, w, bias, (2, 1), (1, 0, 2, 1), (1, 2), groups: 2);
        TensorAssert.Close(expected, actual);
    }

    [Theory]
    [InlineData(3, 1, 1, 1)]
    [InlineData(3, 2, 0, 1)]
    [InlineData(1, 1, 0, 1)]
    [InlineData(3, 1, 1, 4)] // depthwise
    public void Conv_Square2dWithoutBias_MatchesReference(int kernel, int stride, int padding, int groups)
    {
        var rng = new Random(12 + kernel + stride + groups);
        var x = RefTensor.Random(rng, [3, 4, 8, 10]);
        var w = RefTensor.Random(rng, [4, 4 / groups, kernel, kernel]);
        var model = new OnnxModelBuilder();
        var graph = model.Graph;
        graph.AddFloatInput("x", "N", 4, 8, 10);
        graph.AddInitializer("w", w.Data, w.LongShape());
        graph.Conv("x", "w", null, "y", ConvOptions.Square2d(kernel, stride, padding, group: groups));
        graph.AddFloatOutput("y");

        var actual = Ort.RunSingle(model.ToBytes(), ("x", x));

        var expected = ReferenceConv.Conv2d(
            x, w, null, (stride, stride), (padding, padding, padding, padding), (1, 1), groups);
        TensorAssert.Close(expected, actual);
    }
}
