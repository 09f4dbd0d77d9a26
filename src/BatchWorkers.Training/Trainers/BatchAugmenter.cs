namespace BatchWorkers.Training.Trainers;

/// <summary>
/// Copies one CHW image into a batch slot with a random flip and shift. Pure C# on purpose: its randomness comes
/// from the epoch's seeded <see cref="Random"/>, so a resumed run draws exactly what an uninterrupted one would.
/// </summary>
internal sealed class BatchAugmenter(TrainingOptions options)
{
    public void Copy(ReadOnlySpan<float> source, Span<float> destination, int channels, int height, int width, Random random)
    {
        var flipX = options.RandomHorizontalFlip && random.Next(2) == 1;
        var flipY = options.RandomVerticalFlip && random.Next(2) == 1;
        var shift = options.MaxShiftPixels;
        var (dx, dy) = shift > 0 ? (random.Next(-shift, shift + 1), random.Next(-shift, shift + 1)) : (0, 0);
        Transform(source, destination, channels, height, width, new Placement(flipX, flipY, dx, dy));
    }

    /// <summary>Output (x, y) reads input (x − dx, y − dy) after flipping; reads past the edge repeat the edge pixel.</summary>
    public static void Transform(
        ReadOnlySpan<float> source, Span<float> destination, int channels, int height, int width, Placement placement)
    {
        var plane = height * width;
        for (var y = 0; y < height; y++)
        {
            var fromY = Math.Clamp(y - placement.ShiftY, 0, height - 1);
            fromY = placement.FlipVertical ? height - 1 - fromY : fromY;
            for (var x = 0; x < width; x++)
            {
                var fromX = Math.Clamp(x - placement.ShiftX, 0, width - 1);
                fromX = placement.FlipHorizontal ? width - 1 - fromX : fromX;
                for (var c = 0; c < channels; c++)
                {
                    destination[(c * plane) + (y * width) + x] = source[(c * plane) + (fromY * width) + fromX];
                }
            }
        }
    }

    /// <summary>One image's flips and shift.</summary>
    public readonly record struct Placement(bool FlipHorizontal, bool FlipVertical, int ShiftX, int ShiftY);
}
