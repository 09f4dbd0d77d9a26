namespace BatchWorkers.Onnx.Tests;

public sealed class OnnxGraphValidationTests
{
    [Fact]
    public void AddInitializer_ValueCountDoesNotMatchDims_ThrowsNamingBoth()
    {
        var graph = new OnnxModelBuilder().Graph;

        var error = Assert.Throws<ArgumentException>(() => graph.AddInitializer("conv.weight", new float[5], 2, 3));

        Assert.Contains("'conv.weight' has 5 values but dims [2, 3] need 6", error.Message, StringComparison.Ordinal);
        Assert.False(graph.Contains("conv.weight"));
    }

    [Fact]
    public void AddInt64Initializer_ValueCountDoesNotMatchDims_Throws()
    {
        var graph = new OnnxModelBuilder().Graph;

        var error = Assert.Throws<ArgumentException>(() => graph.AddInt64Initializer("shape", [1, 2, 3], 2));

        Assert.Contains("need 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddNode_UnknownInput_ThrowsNamingTheInput()
    {
        var graph = new OnnxModelBuilder().Graph;
        graph.AddFloatInput("x", "N", 3);

        var error = Assert.Throws<ArgumentException>(() => graph.Add("x", "bias", "y"));

        Assert.Contains("'bias'", error.Message, StringComparison.Ordinal);
        Assert.False(graph.Contains("y"));
    }

    [Fact]
    public void AddInitializer_NameAlreadyAnInput_ThrowsDuplicate()
    {
        var graph = new OnnxModelBuilder().Graph;
        graph.AddFloatInput("x", 1);

        var error = Assert.Throws<ArgumentException>(() => graph.AddInitializer("x", [1f], 1));

        Assert.Contains("'x' is already defined", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddNode_OutputAlreadyDefined_ThrowsAndLeavesGraphUnchanged()
    {
        var model = new OnnxModelBuilder();
        var graph = model.Graph;
        graph.AddFloatInput("x", 2);
        graph.Relu("x", "y");

        Assert.Throws<ArgumentException>(() => graph.AddNode("Split", ["x"], ["z", "y"]));

        // "z" was not half-defined by the rejected node, so it can still be written.
        graph.Sigmoid("y", "z");
        graph.AddFloatOutput("z", 2);
        Assert.Equal(["Relu", "Sigmoid"], model.Build().Graph.Node.Select(n => n.OpType));
    }

    [Fact]
    public void ToBytes_OutputNeverProduced_Throws()
    {
        var model = new OnnxModelBuilder();
        model.Graph.AddFloatInput("x", 2);
        model.Graph.Relu("x", "y");
        model.Graph.AddFloatOutput("logits", 2);

        var error = Assert.Throws<InvalidOperationException>(model.ToBytes);

        Assert.Contains("'logits'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToBytes_NoOutputs_Throws()
    {
        var model = new OnnxModelBuilder();
        model.Graph.AddFloatInput("x", 2);

        Assert.Throws<InvalidOperationException>(model.ToBytes);
    }
}
