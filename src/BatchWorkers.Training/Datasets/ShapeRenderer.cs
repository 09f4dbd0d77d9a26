namespace BatchWorkers.Training.Datasets;

/// <summary>Draws one random shape on a noisy background into a CHW buffer of [0, 1] values.</summary>
internal static class ShapeRenderer
{
    // 4×4 samples per pixel give anti-aliased edges, like a real photo's, at a cost that doesn't matter here.
    private const int Subsamples = 4;
    private const double MinColourDistance = 0.45;

    public static void Render(ShapeKind shape, Random random, ShapesDatasetOptions options, Span<float> destination)
    {
        var size = options.ImageSize;
        var background = RandomColour(random);
        var foreground = ContrastingColour(random, background);
        var radius = size * Between(random, options.MinRadius, options.MaxRadius);
        var centreX = Between(random, radius, size - radius);
        var centreY = Between(random, radius, size - radius);
        var maxAngle = options.MaxRotationDegrees * Math.PI / 180;
        var angle = Between(random, -maxAngle, maxAngle);
        var (cos, sin) = (Math.Cos(-angle), Math.Sin(-angle));
        var plane = size * size;

        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var inside = 0;
                for (var sy = 0; sy < Subsamples; sy++)
                {
                    for (var sx = 0; sx < Subsamples; sx++)
                    {
                        // Sample point relative to the centre, rotated into the shape's own frame, in radii.
                        var dx = (x + ((sx + 0.5) / Subsamples) - centreX) / radius;
                        var dy = (y + ((sy + 0.5) / Subsamples) - centreY) / radius;
                        inside += Contains(shape, (dx * cos) - (dy * sin), (dx * sin) + (dy * cos)) ? 1 : 0;
                    }
                }

                var coverage = inside / (double)(Subsamples * Subsamples);
                for (var c = 0; c < 3; c++)
                {
                    var value = (background[c] * (1 - coverage)) + (foreground[c] * coverage)
                        + ((random.NextDouble() * 2 - 1) * options.NoiseAmplitude);
                    // Quantised to 8 bits, as the worker sees pixels decoded from an image file.
                    destination[(c * plane) + (y * size) + x] = MathF.Round((float)Math.Clamp(value, 0, 1) * 255f) / 255f;
                }
            }
        }
    }

    // Shapes of similar area (circle π, square 2.56, triangle 2.2 in radius units), so size says little about class.
    private static bool Contains(ShapeKind shape, double u, double v) => shape switch
    {
        ShapeKind.Circle => (u * u) + (v * v) <= 1,
        ShapeKind.Square => Math.Abs(u) <= 0.8 && Math.Abs(v) <= 0.8,
        ShapeKind.Triangle => InTriangle(u, v),
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "Unknown shape."),
    };

    // Equilateral triangle with circumradius 1.3 (pointing up): inside when on the inner side of all three edges.
    private static bool InTriangle(double u, double v)
    {
        const double apothem = 1.3 / 2; // distance from centre to each edge
        for (var k = 0; k < 3; k++)
        {
            var normalAngle = (Math.PI / 2) + Math.PI + (k * 2 * Math.PI / 3); // edges face down, upper-left, upper-right
            if ((u * Math.Cos(normalAngle)) + (v * Math.Sin(normalAngle)) > apothem)
            {
                return false;
            }
        }

        return true;
    }

    private static double[] RandomColour(Random random) => [random.NextDouble(), random.NextDouble(), random.NextDouble()];

    // Retry until the shape stands out from its background; the last try is kept if none does (rare).
    private static double[] ContrastingColour(Random random, double[] background)
    {
        var colour = RandomColour(random);
        for (var attempt = 0; attempt < 20 && Distance(colour, background) < MinColourDistance; attempt++)
        {
            colour = RandomColour(random);
        }

        return colour;
    }

    private static double Distance(double[] a, double[] b) =>
        Math.Sqrt(((a[0] - b[0]) * (a[0] - b[0])) + ((a[1] - b[1]) * (a[1] - b[1])) + ((a[2] - b[2]) * (a[2] - b[2])));

    private static double Between(Random random, double low, double high) => low + (random.NextDouble() * (high - low));
}
