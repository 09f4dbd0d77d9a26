using BatchWorkers.Onnx.Tests.Reference;
using BatchWorkers.Onnx.Tests.Support;

namespace BatchWorkers.Onnx.Tests.Operators;

public sealed class NormalizationTests
{
    [Theory]
    [InlineData(1e-5f)]
    [InlineData(0.5f)] // large enough that a dropped epsilon attribute would show
    public void BatchNormalization_RandomStatistics_MatchesReference(float epsilon)
    {
        var rng = new Random(21);
        var x = RefTensor.Random(rng, [2, 5, 4, 3]);
        var scale = RefTensor.Random(rng, [5]).Data;
        var bias = RefTensor.Random(rng, [5]).Data;
        var mean = RefTensor.Random(rng, [5]).Data;
        var variance = RefTensor.Random(rng, [5], 0.1f, 2f).Data;
        var model = new OnnxModelBuilder();
        var graph = model.Graph;
        graph.AddFloatInput("x", "N", 5, 4, 3);
        graph.BatchNormalization(
            "x",
            graph.AddInitializer("scale", scale, 5),
            graph.AddInitializer("bias", bias, 5),
            graph.AddInitializer("mean", mean, 5),
            graph.AddInitializer("var", variance, 5),
            "y",
            epsilon);
        graph.AddFloatOutput("y", "N", 5, 4, 3);

        var actual = Ort.RunSingle(model.ToBytes(), ("x", x));

        TensorAssert.Close(ReferenceConv.BatchNorm(x, scale, bias, mean, variance, epsilon), actual);
    }
}
