using BatchWorkers.Onnx.Tests.Reference;
using BatchWorkers.Onnx.Tests.Support;

namespace BatchWorkers.Onnx.Tests.Operators;

public sealed class DenseTests
{
    [Theory]
    [InlineData(1f, 1f, false, true)]
    [InlineData(0.5f, 2f, true, false)]
    [InlineData(1.5f, 0f, false, true)] // beta = 0 drops C
    public void Gemm_AlphaBetaTranspose_MatchesReference(float alpha, float beta, bool transA, bool transB)
    {
        var rng = new Random(41);
        var a = RefTensor.Random(rng, transA ? [6, 4] : [4, 6]);
        var b = RefTensor.Random(rng, transB ? [5, 6] : [6, 5]);
        var c = RefTensor.Random(rng, [5]);
        var model = new OnnxModelBuilder();
        var graph = model.Graph;
        graph.AddFloatInput("a", a.Shape[0], a.Shape[1]);
        graph.AddInitializer("b", b.Data, b.LongShape());
        graph.AddInitializer("c", c.Data, 5);
        graph.Gemm("a", "b", "c", "y", alpha, beta, transA, transB);
        graph.AddFloatOutput("y", 4, 5);

        var actual = Ort.RunSingle(model.ToBytes(), ("a", a));

        TensorAssert.Close(ReferenceDense.Gemm(a, b, c, alpha, beta, transA, transB), actual);
    }

    [Fact]
    public void MatMul_BatchedLeftOperand_MatchesReference()
    {
        var rng = new Random(42);
        var a = RefTensor.Random(rng, [2, 3, 4]);
        var b = RefTensor.Random(rng, [4, 5]);
        var model = new OnnxModelBuilder();
        model.Graph.AddFloatInput("a", "N", 3, 4);
        model.Graph.AddInitializer("b", b.Data, 4, 5);
        model.Graph.MatMul("a", "b", "y");
        model.Graph.AddFloatOutput("y", "N", 3, 5);

        var actual = Ort.RunSingle(model.ToBytes(), ("a", a));

        TensorAssert.Close(ReferenceDense.MatMul(a, b), actual);
    }
}
