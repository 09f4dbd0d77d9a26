using BatchWorkers.Onnx.Tests.Reference;

namespace BatchWorkers.Onnx.Tests.Samples;

/// <summary>32×32 RGB test images, already preprocessed as the sample's preprocessor_config says.</summary>
internal static class ColourImages
{
    private const int Size = 32;

    public static RefTensor Solid(int r, int g, int b) =>
        Preprocess((_, _) => (r, g, b));

    /// <summary>
    /// Mostly one colour: the dominant channel around 200, the others around 60, each ±50 per pixel,
    /// and one pixel in five replaced by a random colour.
    /// </summary>
    public static RefTensor Noisy(Random rng, int dominant) => Preprocess((_, _) =>
    {
        if (rng.Next(5) == 0)
        {
            return (rng.Next(256), rng.Next(256), rng.Next(256));
        }

        int Channel(int c) => Math.Clamp((c == dominant ? 200 : 60) + rng.Next(-50, 51), 0, 255);
        return (Channel(0), Channel(1), Channel(2));
    });

    public static RefTensor Batch(params RefTensor[] images) =>
        new([.. images.SelectMany(i => i.Data)], [images.Length, 3, Size, Size]);

    // rescale 1/255 then normalise with mean = std = 0.5, into NCHW.
    private static RefTensor Preprocess(Func<int, int, (int R, int G, int B)> pixel)
    {
        var data = new float[3 * Size * Size];
        for (var i = 0; i < Size * Size; i++)
        {
            var (r, g, b) = pixel(i / Size, i % Size);
            data[i] = Normalise(r);
            data[Size * Size + i] = Normalise(g);
            data[2 * Size * Size + i] = Normalise(b);
        }

        return new RefTensor(data, [1, 3, Size, Size]);
    }

    private static float Normalise(int value) => (value / 255f - 0.5f) / 0.5f;
}
