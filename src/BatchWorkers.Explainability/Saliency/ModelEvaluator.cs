namespace BatchWorkers.Explainability.Saliency;

/// <summary>Writes image <c>index</c> of a run into its slot of the batch.</summary>
internal delegate void ImageWriter(int index, Span<float> destination);

/// <summary>
/// Feeds images to a <see cref="BatchClassifier"/> in batches and counts every image as one model evaluation,
/// never more than the budget. One buffer of batch size × image length is reused for every batch.
/// </summary>
internal sealed class ModelEvaluator
{
    private readonly BatchClassifier _classifier;
    private readonly int _imageLength;
    private readonly float[] _buffer;

    public ModelEvaluator(BatchClassifier classifier, ImageGeometry geometry, int batchSize, int budget)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(budget, 1);
        _classifier = classifier;
        _imageLength = geometry.Length;
        BatchSize = batchSize;
        Budget = budget;
        _buffer = new float[batchSize * _imageLength];
    }

    public int BatchSize { get; }

    public int Budget { get; }

    /// <summary>Images evaluated so far.</summary>
    public int Used { get; private set; }

    public int Remaining => Budget - Used;

    /// <summary>
    /// Evaluates <paramref name="count"/> images. For each batch, every image is written first, then the model runs,
    /// then <paramref name="onResult"/> sees each image's probabilities, before the next batch is written; so a caller
    /// may keep per-image state in <see cref="BatchSize"/> slots (index modulo batch size).
    /// </summary>
    public void Run(int count, ImageWriter write, Action<int, float[]> onResult, CancellationToken cancellationToken)
    {
        if (count > Remaining)
        {
            throw new InvalidOperationException($"{count} evaluations exceed the {Remaining} left of the budget of {Budget}.");
        }

        for (var start = 0; start < count; start += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var n = Math.Min(BatchSize, count - start);
            for (var i = 0; i < n; i++)
            {
                write(start + i, _buffer.AsSpan(i * _imageLength, _imageLength));
            }

            var rows = _classifier(_buffer.AsMemory(0, n * _imageLength), n);
            Used += n;
            if (rows is null || rows.Length != n)
            {
                throw new InvalidOperationException($"The classifier returned {rows?.Length ?? 0} rows for {n} images.");
            }

            for (var i = 0; i < n; i++)
            {
                onResult(start + i, rows[i] ?? throw new InvalidOperationException($"The classifier returned no row for image {i}."));
            }
        }
    }

    /// <summary>Evaluates one image and returns its probabilities.</summary>
    public float[] RunOne(ReadOnlySpan<float> image, CancellationToken cancellationToken)
    {
        var copy = image.ToArray();
        float[] result = [];
        Run(1, (_, destination) => copy.CopyTo(destination), (_, row) => result = row, cancellationToken);
        return result;
    }

    /// <summary>The probability of <paramref name="target"/> in a row the classifier returned.</summary>
    public static float Probability(float[] row, int target) =>
        target < row.Length
            ? row[target]
            : throw new InvalidOperationException($"The classifier returned {row.Length} classes; class {target} was asked for.");
}
