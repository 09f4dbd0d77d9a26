using BatchWorkers.Onnx.Classifiers;

namespace BatchWorkers.Explainability.Tests.Support;

/// <summary>
/// A designed two-class classifier whose decision depends only on the red channel inside the top-left
/// <see cref="Region"/> × <see cref="Region"/> square of a 3 × <see cref="Size"/> × <see cref="Size"/> input:
/// logits = ±<see cref="Gain"/> · m, where m is that square's mean red value, so P(class 0) = σ(2·Gain·m).
/// Built with the project's ClassifierBuilder: one conv whose kernel spans the whole image and is zero outside the
/// square (two channels, +m·Gain and −m·Gain), Relu, global average pool (over 1 × 1), and a head that subtracts them.
/// </summary>
internal static class RegionClassifier
{
    public const int Size = 32;
    public const int Region = 8;
    public const float Gain = 1.5f;

    public static byte[] Onnx()
    {
        var weight = new float[2 * 3 * Size * Size];
        for (var y = 0; y < Region; y++)
        {
            for (var x = 0; x < Region; x++)
            {
                // Out channel o, in channel 0 (red), row y, column x.
                weight[(0 * 3 * Size * Size) + (y * Size) + x] = Gain / (Region * Region);
                weight[(1 * 3 * Size * Size) + (y * Size) + x] = -Gain / (Region * Region);
            }
        }

        return new ClassifierBuilder(Size, Size)
            .AddConvBlock(new ConvBlock(weight, OutChannels: 2, InChannels: 3, KernelSize: Size, Bias: [0f, 0f]))
            .WithHead(new LinearWeights([1f, -1f, -1f, 1f], [0f, 0f], OutFeatures: 2, InFeatures: 2))
            .WithSoftmax()
            .Build()
            .ToBytes();
    }

    /// <summary>
    /// An image the model calls class 0: red 1 inside the decisive square, seeded noise in [−1, 1] everywhere else
    /// (and in the green and blue channels), which the model ignores.
    /// </summary>
    public static float[] Image(int seed = 7)
    {
        var random = new Random(seed);
        var image = new float[3 * Size * Size];
        for (var i = 0; i < image.Length; i++)
        {
            image[i] = (float)((random.NextDouble() * 2) - 1);
        }

        for (var y = 0; y < Region; y++)
        {
            for (var x = 0; x < Region; x++)
            {
                image[(y * Size) + x] = 1f;
            }
        }

        return image;
    }

    /// <summary>True when input pixel (y, x) lies in the decisive square.</summary>
    public static bool InRegion(double y, double x) => y < Region && x < Region;
}
