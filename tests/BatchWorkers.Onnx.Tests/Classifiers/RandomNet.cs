using BatchWorkers.Onnx.Classifiers;
using BatchWorkers.Onnx.Tests.Reference;

namespace BatchWorkers.Onnx.Tests.Classifiers;

/// <summary>
/// A two-block classifier with random weights, and the same network computed by the reference code:
/// conv3×3(3→8, pad 1) → BN → Relu → MaxPool 2 → conv3×3(8→6, stride 2, pad 1, groups 2, bias) → Relu
/// → GAP → Flatten → Linear(6→4).
/// </summary>
internal sealed record RandomNet(RefTensor Conv0, BatchNormWeights Bn0, RefTensor Conv1, float[] Bias1, RefTensor Head, float[] HeadBias)
{
    public static RandomNet Create(Random rng) => new(
        RefTensor.Random(rng, [8, 3, 3, 3]),
        new BatchNormWeights(
            RefTensor.Random(rng, [8], 0.5f, 1.5f).Data,
            RefTensor.Random(rng, [8]).Data,
            RefTensor.Random(rng, [8]).Data,
            RefTensor.Random(rng, [8], 0.2f, 2f).Data),
        RefTensor.Random(rng, [6, 4, 3, 3]),
        RefTensor.Random(rng, [6]).Data,
        RefTensor.Random(rng, [4, 6]),
        RefTensor.Random(rng, [4]).Data);

    public ClassifierBuilder Builder() => new ClassifierBuilder(11, 8)
        .AddConvBlock(new ConvBlock(Conv0.Data, 8, 3, 3) { Padding = 1, BatchNorm = Bn0, MaxPoolKernel = 2 })
        .AddConvBlock(new ConvBlock(Conv1.Data, 6, 8, 3, Bias1) { Stride = 2, Padding = 1, Groups = 2 })
        .WithHead(new LinearWeights(Head.Data, HeadBias, 4, 6));

    public RefTensor Logits(RefTensor x)
    {
        var y = ReferenceConv.Conv2d(x, Conv0, null, (1, 1), (1, 1, 1, 1), (1, 1), 1);
        y = ReferenceConv.BatchNorm(y, Bn0.Scale, Bn0.Bias, Bn0.RunningMean, Bn0.RunningVariance, Bn0.Epsilon);
        y = ReferencePooling.MaxPool2d(ReferenceElementwise.Relu(y), (2, 2), (2, 2), (0, 0, 0, 0));
        y = ReferenceElementwise.Relu(ReferenceConv.Conv2d(y, Conv1, Bias1, (2, 2), (1, 1, 1, 1), (1, 1), 2));
        var features = ReferencePooling.GlobalAvgPool(y).Reshape(x.Shape[0], 6);
        return ReferenceDense.Gemm(features, Head, new RefTensor(HeadBias, [4]), 1, 1, transA: false, transB: true);
    }
}
