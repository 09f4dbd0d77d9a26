namespace BatchWorkers.Explainability.Saliency;

/// <summary>
/// RISE, randomized input sampling for explanation (Petsiuk, Das and Saenko, 2018). Each mask is an s × s grid of cells
/// kept with probability p, upsampled bilinearly to (s + 1) × cell size and cropped at a random shift of less than a
/// cell, so its edges fall anywhere. The masked image is image·mask + baseline·(1 − mask); a pixel's saliency is
/// Σ probability·mask / (N·p), the expected probability when the pixel is kept. By default the probabilities are
/// centred on their mean first (<see cref="RiseOptions.CentreOnMean"/>): same expectation, far less noise for a given
/// number of masks. Masks come from a seeded generator, so the same seed gives the same map.
/// </summary>
public static class RiseSaliency
{
    /// <summary>
    /// Computes the map with at most <see cref="SaliencyOptions.Budget"/> evaluations: one for the unaltered image, the
    /// rest for masks (<see cref="SaliencyOptions.Rise"/>, fewer masks if the budget is smaller), seeded by
    /// <see cref="SaliencyOptions.Seed"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    /// <exception cref="InvalidOperationException">The classifier returned fewer rows or classes than asked for.</exception>
    public static SaliencyResult Compute(
        SaliencyInput input, BatchClassifier classifier, SaliencyOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var evaluator = new ModelEvaluator(classifier, input.Geometry, options.BatchSize, options.Budget);
        var (target, probability) = Targets.EvaluateOriginal(input, evaluator, cancellationToken);
        return Compute(input, evaluator, target, probability, options.Rise, options.Seed, evaluator.Remaining, cancellationToken);
    }

    internal static SaliencyResult Compute(
        SaliencyInput input,
        ModelEvaluator evaluator,
        int target,
        float originalProbability,
        RiseOptions options,
        int seed,
        int budget,
        CancellationToken cancellationToken)
    {
        var (height, width, pixels) = (input.Geometry.Height, input.Geometry.Width, input.Geometry.Pixels);
        var masks = Math.Min(options.Masks, budget);
        List<string> notes = masks < options.Masks ? [$"RISE: {masks} masks instead of {options.Masks} fit the {budget} left in the budget"] : [];
        var cells = Math.Min(options.MaskCells, Math.Min(height, width));
        var generator = new MaskGenerator(height, width, cells, options.KeepProbability, seed);
        var slots = new float[evaluator.BatchSize][];
        for (var i = 0; i < slots.Length; i++)
        {
            slots[i] = new float[pixels];
        }

        var sums = new double[pixels];
        var coverage = new double[pixels];
        double probabilitySum = 0;
        var plane = pixels;
        evaluator.Run(
            masks,
            (index, image) =>
            {
                var mask = slots[index % slots.Length];
                generator.Next(mask);
                var source = input.Pixels.Span;
                for (var c = 0; c < input.Geometry.Channels; c++)
                {
                    var baseline = input.Baseline[c];
                    var offset = c * plane;
                    for (var p = 0; p < plane; p++)
                    {
                        image[offset + p] = baseline + (mask[p] * (source[offset + p] - baseline));
                    }
                }
            },
            (index, row) =>
            {
                var probability = ModelEvaluator.Probability(row, target);
                var mask = slots[index % slots.Length];
                probabilitySum += probability;
                for (var p = 0; p < pixels; p++)
                {
                    sums[p] += probability * mask[p];
                    coverage[p] += mask[p];
                }
            },
            cancellationToken);

        var scale = 1.0 / (masks * options.KeepProbability);
        var meanProbability = probabilitySum / masks;
        var values = new float[pixels];
        for (var p = 0; p < pixels; p++)
        {
            values[p] = options.CentreOnMean
                ? (float)(((sums[p] - (meanProbability * coverage[p])) * scale) + meanProbability)
                : (float)(sums[p] * scale);
        }

        return new SaliencyResult(
            SaliencyMethod.Rise,
            new SaliencyMap(height, width, values),
            target,
            originalProbability,
            evaluator.Used,
            new SaliencyParameters(Masks: masks, MaskCells: cells, KeepProbability: options.KeepProbability, Seed: seed),
            notes);
    }

    /// <summary>Draws RISE masks one after another from a seeded generator.</summary>
    internal sealed class MaskGenerator
    {
        private readonly int _height;
        private readonly int _width;
        private readonly int _cells;
        private readonly double _keep;
        private readonly Random _random;
        private readonly int _cellHeight;
        private readonly int _cellWidth;
        private readonly (int Low, int High, float Weight)[] _rows;
        private readonly (int Low, int High, float Weight)[] _columns;
        private readonly float[] _grid;

        public MaskGenerator(int height, int width, int cells, double keepProbability, int seed)
        {
            (_height, _width, _cells, _keep) = (height, width, cells, keepProbability);
            _random = new Random(seed);
            _cellHeight = (height + cells - 1) / cells;
            _cellWidth = (width + cells - 1) / cells;
            _rows = Interpolation(cells, (cells + 1) * _cellHeight);
            _columns = Interpolation(cells, (cells + 1) * _cellWidth);
            _grid = new float[cells * cells];
        }

        /// <summary>Writes the next mask (height × width values in [0, 1]) into <paramref name="mask"/>.</summary>
        public void Next(Span<float> mask)
        {
            for (var i = 0; i < _grid.Length; i++)
            {
                _grid[i] = _random.NextDouble() < _keep ? 1f : 0f;
            }

            var shiftY = _random.Next(_cellHeight);
            var shiftX = _random.Next(_cellWidth);
            for (var y = 0; y < _height; y++)
            {
                var (r0, r1, wy) = _rows[y + shiftY];
                for (var x = 0; x < _width; x++)
                {
                    var (c0, c1, wx) = _columns[x + shiftX];
                    var top = _grid[(r0 * _cells) + c0] + (wx * (_grid[(r0 * _cells) + c1] - _grid[(r0 * _cells) + c0]));
                    var bottom = _grid[(r1 * _cells) + c0] + (wx * (_grid[(r1 * _cells) + c1] - _grid[(r1 * _cells) + c0]));
                    mask[(y * _width) + x] = top + (wy * (bottom - top));
                }
            }
        }

        // Bilinear resize of `cells` samples to `size` (pixel centres aligned, edges clamped): source cells and weight per output pixel.
        private static (int Low, int High, float Weight)[] Interpolation(int cells, int size)
        {
            var table = new (int, int, float)[size];
            for (var i = 0; i < size; i++)
            {
                var v = Math.Clamp(((i + 0.5) * cells / size) - 0.5, 0, cells - 1);
                var low = (int)Math.Floor(v);
                table[i] = (low, Math.Min(low + 1, cells - 1), (float)(v - low));
            }

            return table;
        }
    }
}
