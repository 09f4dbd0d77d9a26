using BatchWorkers.Onnx.Classifiers;
using BatchWorkers.Onnx.Tests.Reference;
using BatchWorkers.Onnx.Tests.Support;
using Microsoft.ML.OnnxRuntime;

namespace BatchWorkers.Onnx.Tests.Classifiers;

public sealed class ClassifierBuilderTests
{
    private const int Height = 11;
    private const int Width = 8;

    [Fact]
    public void Build_ConvBnReluPoolThenStridedGroupedConv_MatchesReferenceForBatchOfThree()
    {
        var net = RandomNet.Create(new Random(81));
        var x = RefTensor.Random(new Random(82), [3, 3, Height, Width]);
        var model = net.Builder().WithSoftmax().Build().ToBytes();

        var actual = Ort.RunSingle(model, (ClassifierBuilder.InputName, x));

        var expected = ReferenceDense.Softmax(net.Logits(x), axis: 1);
        TensorAssert.Close(expected, actual);
        Assert.All(Enumerable.Range(0, 3), row => Assert.Equal(1f, actual.Data.Skip(row * 4).Take(4).Sum(), 4));
    }

    [Fact]
    public void Build_WithoutSoftmax_OutputsRawLogitsAndSaysSo()
    {
        var net = RandomNet.Create(new Random(83));
        var x = RefTensor.Random(new Random(84), [2, 3, Height, Width]);
        var model = net.Builder().Build().ToBytes();

        var actual = Ort.RunSingle(model, (ClassifierBuilder.InputName, x));

        TensorAssert.Close(net.Logits(x), actual);
        using var session = new InferenceSession(model);
        Assert.Equal("logits", session.ModelMetadata.CustomMetadataMap[ClassifierBuilder.OutputKindKey]);
        Assert.Equal([-1, 3, Height, Width], session.InputMetadata[ClassifierBuilder.InputName].Dimensions);
        Assert.Equal([-1, 4], session.OutputMetadata[ClassifierBuilder.OutputName].Dimensions);
    }

    [Fact]
    public void Build_WithSoftmax_MarksOutputAsProbabilities()
    {
        var model = RandomNet.Create(new Random(85)).Builder().WithSoftmax().Build();

        Assert.Equal("probabilities", model.Metadata[ClassifierBuilder.OutputKindKey]);
    }

    [Fact]
    public void Build_HeadInFeaturesDifferFromLastChannels_Throws()
    {
        var net = RandomNet.Create(new Random(86));
        var builder = net.Builder().WithHead(new LinearWeights(new float[4 * 5], new float[4], 4, 5));

        var error = Assert.Throws<ArgumentException>(() => builder.Build());

        Assert.Contains("expects 5 features but the last conv block gives 6 channels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_BlockChannelsDoNotChain_Throws()
    {
        var builder = new ClassifierBuilder(8, 8)
            .AddConvBlock(new ConvBlock(new float[4 * 3], 4, 3, 1))
            .AddConvBlock(new ConvBlock(new float[2 * 5], 2, 5, 1))
            .WithHead(new LinearWeights(new float[2], new float[1], 1, 2));

        var error = Assert.Throws<ArgumentException>(() => builder.Build());

        Assert.Contains("block1 expects 5 input channels but receives 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_PoolingShrinksImageToNothing_Throws()
    {
        var builder = new ClassifierBuilder(4, 4)
            .AddConvBlock(new ConvBlock(new float[2 * 3 * 9], 2, 3, 3) { MaxPoolKernel = 4 })
            .WithHead(new LinearWeights(new float[2], new float[1], 1, 2));

        Assert.Throws<ArgumentException>(() => builder.Build());
    }

    [Fact]
    public void Build_ConvWeightLengthWrong_ThrowsWeightSizeMismatch()
    {
        var builder = new ClassifierBuilder(8, 8)
            .AddConvBlock(new ConvBlock(new float[10], 4, 3, 1))
            .WithHead(new LinearWeights(new float[4], new float[1], 1, 4));

        var error = Assert.Throws<ArgumentException>(() => builder.Build());

        Assert.Contains("'block0.conv.weight' has 10 values but dims [4, 3, 1, 1] need 12", error.Message, StringComparison.Ordinal);
    }
}
