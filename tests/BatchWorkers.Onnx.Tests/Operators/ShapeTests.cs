using BatchWorkers.Onnx.Tests.Reference;
using BatchWorkers.Onnx.Tests.Support;

namespace BatchWorkers.Onnx.Tests.Operators;

public sealed class ShapeTests
{
    [Theory]
    [InlineData(1, new[] { 2, 60 })]
    [InlineData(2, new[] { 8, 15 })]
    [InlineData(0, new[] { 1, 120 })] // axis 0: everything in one row
    public void Flatten_Axis_KeepsValuesAndFoldsDims(int axis, int[] expectedShape)
    {
        var x = RefTensor.Random(new Random(61), [2, 4, 3, 5]);
        var model = new OnnxModelBuilder();
        model.Graph.AddFloatInput("x", 2, 4, 3, 5);
        model.Graph.Flatten("x", "y", axis);
        model.Graph.AddFloatOutput("y");

        var actual = Ort.RunSingle(model.ToBytes(), ("x", x));

        TensorAssert.Close(x.Reshape(expectedShape), actual);
    }

    [Fact]
    public void Reshape_Int64ShapeInitializer_ReshapesWithInferredDim()
    {
        var x = RefTensor.Random(new Random(62), [2, 3, 4]);
        var model = new OnnxModelBuilder();
        model.Graph.AddFloatInput("x", 2, 3, 4);
        model.Graph.AddInt64Initializer("shape", [4, -1], 2);
        model.Graph.Reshape("x", "shape", "y");
        model.Graph.AddFloatOutput("y", 4, 6);

        var actual = Ort.RunSingle(model.ToBytes(), ("x", x));

        TensorAssert.Close(x.Reshape(4, 6), actual);
    }

    [Fact]
    public void ConcatAndIdentity_ChannelAxis_MatchReference()
    {
        var rng = new Random(63);
        var x = RefTensor.Random(rng, [2, 3, 4]);
        var extra = RefTensor.Random(rng, [2, 2, 4]);
        var model = new OnnxModelBuilder();
        var graph = model.Graph;
        graph.AddFloatInput("x", 2, 3, 4);
        graph.AddInitializer("extra", extra.Data, 2, 2, 4);
        graph.Concat([graph.Identity("x", "x_copy"), "extra"], "y", axis: 1);
        graph.AddFloatOutput("y", 2, 5, 4);

        var actual = Ort.RunSingle(model.ToBytes(), ("x", x));

        TensorAssert.Close(ReferenceDense.Concat([x, extra], 1), actual);
    }
}
