namespace BatchWorkers.Training.Datasets;

/// <summary>
/// A deterministic synthetic dataset: circles, squares and triangles of random colour, size, position and rotation
/// on noisy backgrounds, rendered straight into normalised float tensors. What the quickstart trains on.
/// </summary>
public static class ShapesDataset
{
    /// <summary>Class names in class-index order (see <see cref="ShapeKind"/>).</summary>
    public static IReadOnlyList<string> ClassNames { get; } = ["circle", "square", "triangle"];

    /// <summary>Renders the training and held-out images. The same options always give identical data.</summary>
    /// <exception cref="System.ComponentModel.DataAnnotations.ValidationException">An option is out of range.</exception>
    public static DatasetSplit Generate(ShapesDatasetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        // Separate streams, so changing one split's size leaves the other's images unchanged.
        return new DatasetSplit(
            Render(options, options.TrainCount, new Random(options.Seed)),
            Render(options, options.HeldOutCount, new Random(unchecked((options.Seed * 7919) + 1))));
    }

    private static ImageDataset Render(ShapesDatasetOptions options, int count, Random random)
    {
        var size = options.ImageSize;
        var imageLength = 3 * size * size;
        var pixels = new float[(long)count * imageLength];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            labels[i] = i % ClassNames.Count;
            var image = pixels.AsSpan(i * imageLength, imageLength);
            ShapeRenderer.Render((ShapeKind)labels[i], random, options, image);
            for (var j = 0; j < image.Length; j++)
            {
                image[j] = options.Normalization.Apply(j / (size * size), image[j]);
            }
        }

        return new ImageDataset(pixels, labels, 3, size, size, ClassNames, options.Normalization);
    }
}
