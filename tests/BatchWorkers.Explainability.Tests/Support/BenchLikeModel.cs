using BatchWorkers.Onnx.Classifiers;

namespace BatchWorkers.Explainability.Tests.Support;

/// <summary>
/// The layout of tests/BatchWorkers.Benchmarks' <c>bench</c> model (ResNet-18-class compute, 1.86 GMAC per 224 × 224
/// image, 1000 classes), rebuilt here with random weights so this project need not reference the benchmark host.
/// </summary>
internal static class BenchLikeModel
{
    public const int Size = 224;

    private static readonly (int In, int Out, int Stride, bool Pool)[] Layers =
    [
        (3, 32, 2, false), (32, 64, 1, true), (64, 128, 1, false), (128, 128, 1, true),
        (128, 256, 1, false), (256, 256, 1, true), (256, 512, 1, true),
    ];

    public static byte[] Onnx(int seed = 1)
    {
        var random = new Random(seed);
        var builder = new ClassifierBuilder(Size, Size);
        foreach (var (input, output, stride, pool) in Layers)
        {
            builder.AddConvBlock(new ConvBlock(HeUniform(random, output * input * 9, input * 9), output, input, 3)
            {
                Stride = stride,
                Padding = 1,
                BatchNorm = new BatchNormWeights(Filled(output, 1f), Filled(output, 0f), Filled(output, 0f), Filled(output, 1f)),
                MaxPoolKernel = pool ? 2 : null,
            });
        }

        return builder
            .WithHead(new LinearWeights(HeUniform(random, 1000 * 512, 512), Filled(1000, 0f), 1000, 512))
            .WithSoftmax()
            .Build()
            .ToBytes();
    }

    private static float[] HeUniform(Random random, int count, int fanIn)
    {
        var bound = MathF.Sqrt(6f / fanIn);
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1) * bound;
        }

        return values;
    }

    private static float[] Filled(int count, float value) => Enumerable.Repeat(value, count).ToArray();
}
