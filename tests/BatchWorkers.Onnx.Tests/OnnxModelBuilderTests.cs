using BatchWorkers.Onnx.Protos;
using BatchWorkers.Onnx.Tests.Reference;
using BatchWorkers.Onnx.Tests.Support;
using Microsoft.ML.OnnxRuntime;

namespace BatchWorkers.Onnx.Tests;

public sealed class OnnxModelBuilderTests
{
    [Fact]
    public void Build_Defaults_WritesProducerIrVersionAndOpset()
    {
        var model = ModelProto.Parser.ParseFrom(ReluModel().ToBytes());

        Assert.Equal("BatchWorkers", model.ProducerName);
        Assert.Equal(8, model.IrVersion);
        var opset = Assert.Single(model.OpsetImport);
        Assert.Equal(("", 13L), (opset.Domain, opset.Version));
    }

    [Fact]
    public void AddMetadata_TwoEntries_RoundTripThroughOrtCustomMetadataMap()
    {
        var builder = ReluModel().AddMetadata("output_kind", "logits").AddMetadata("labels", "cat,dog");

        using var session = new InferenceSession(builder.ToBytes());

        Assert.Equal("BatchWorkers", session.ModelMetadata.ProducerName);
        Assert.Equal("logits", session.ModelMetadata.CustomMetadataMap["output_kind"]);
        Assert.Equal("cat,dog", session.ModelMetadata.CustomMetadataMap["labels"]);
    }

    [Fact]
    public void AddMetadata_DuplicateKey_Throws()
    {
        var builder = ReluModel().AddMetadata("k", "1");

        Assert.Throws<ArgumentException>(() => builder.AddMetadata("k", "2"));
    }

    [Fact]
    public void AddFloatInput_SymbolicBatch_IsReportedByOrtAsDynamic()
    {
        using var session = new InferenceSession(ReluModel().ToBytes());

        var input = session.InputMetadata["x"];
        Assert.Equal([-1, 3], input.Dimensions);
        Assert.Equal("N", input.SymbolicDimensions[0]);
    }

    [Fact]
    public void AddInitializer_Floats_StoredAsLittleEndianRawData()
    {
        var builder = ReluModel();
        builder.Graph.AddInitializer("w", [1f, -2f], 2);

        var tensor = Assert.Single(builder.Build().Graph.Initializer);

        Assert.Equal((int)TensorProto.Types.DataType.Float, tensor.DataType);
        Assert.Equal(new byte[] { 0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0 }, tensor.RawData.ToByteArray());
    }

    [Fact]
    public void AddNode_OpWithoutHelper_RunsWithGivenAttributes()
    {
        var x = RefTensor.Random(new Random(71), [2, 3]);
        var builder = new OnnxModelBuilder(opsetVersion: 17);
        builder.Graph.AddFloatInput("x", "N", 3);
        builder.Graph.AddNode("LeakyRelu", ["x"], ["y"], [OnnxAttribute.Float("alpha", 0.25f)]);
        builder.Graph.AddFloatOutput("y", "N", 3);

        var actual = Ort.RunSingle(builder.ToBytes(), ("x", x));

        TensorAssert.Close(x.Map(v => v < 0 ? 0.25 * v : v), actual);
    }

    [Fact]
    public void Save_NewFolder_WritesSameBytesAsToBytes()
    {
        var folder = Path.Combine(Path.GetTempPath(), "bw-onnx-" + Guid.NewGuid().ToString("N"));
        try
        {
            var builder = ReluModel();
            var path = Path.Combine(folder, "nested", "model.onnx");

            builder.Save(path);

            Assert.Equal(builder.ToBytes(), File.ReadAllBytes(path));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static OnnxModelBuilder ReluModel()
    {
        var builder = new OnnxModelBuilder();
        builder.Graph.AddFloatInput("x", "N", 3);
        builder.Graph.Relu("x", "y");
        builder.Graph.AddFloatOutput("y", "N", 3);
        return builder;
    }
}
