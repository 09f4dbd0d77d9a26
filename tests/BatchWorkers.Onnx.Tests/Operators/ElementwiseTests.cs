using BatchWorkers.Onnx.Tests.Reference;
using BatchWorkers.Onnx.Tests.Support;

namespace BatchWorkers.Onnx.Tests.Operators;

public sealed class ElementwiseTests
{
    [Fact]
    public void Relu_RandomInput_MatchesReference()
    {
        var x = RefTensor.Random(new Random(51), [2, 3, 4]);

        var actual = RunUnary(x, g => g.Relu("x", "y"));

        Assert.Contains(x.Data, v => v < 0);
        TensorAssert.Close(ReferenceElementwise.Relu(x), actual);
    }

    [Fact]
    public void Sigmoid_RandomInput_MatchesReference()
    {
        var x = RefTensor.Random(new Random(52), [2, 3, 4], -6f, 6f);

        var actual = RunUnary(x, g => g.Sigmoid("x", "y"));

        TensorAssert.Close(ReferenceElementwise.Sigmoid(x), actual);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    [InlineData(0)]
    public void Softmax_Axis_MatchesReference(int axis)
    {
        var x = RefTensor.Random(new Random(53), [3, 4, 5], -3f, 3f);

        var actual = RunUnary(x, g => g.Softmax("x", "y", axis));

        TensorAssert.Close(ReferenceDense.Softmax(x, axis), actual);
    }

    [Fact]
    public void AddAndMul_BroadcastPerChannel_MatchReference()
    {
        var rng = new Random(54);
        var x = RefTensor.Random(rng, [2, 3, 4]);
        var shift = RefTensor.Random(rng, [3, 1]);
        var scale = RefTensor.Random(rng, [4]);
        var model = new OnnxModelBuilder();
        var graph = model.Graph;
        graph.AddFloatInput("x", "N", 3, 4);
        graph.AddInitializer("shift", shift.Data, 3, 1);
        graph.AddInitializer("scale", scale.Data, 4);
        graph.Mul(graph.Add("x", "shift", "shifted"), "scale", "y");
        graph.AddFloatOutput("y", "N", 3, 4);

        var actual = Ort.RunSingle(model.ToBytes(), ("x", x));

        var expected = ReferenceElementwise.Mul(ReferenceElementwise.Add(x, shift), scale);
        TensorAssert.Close(expected, actual);
    }

    private static RefTensor RunUnary(RefTensor x, Action<OnnxGraph> addOp)
    {
        var model = new OnnxModelBuilder();
        model.Graph.AddFloatInput("x", "N", x.Shape[1], x.Shape[2]);
        addOp(model.Graph);
        model.Graph.AddFloatOutput("y", "N", x.Shape[1], x.Shape[2]);
        return Ort.RunSingle(model.ToBytes(), ("x", x));
    }
}
