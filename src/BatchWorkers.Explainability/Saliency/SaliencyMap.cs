namespace BatchWorkers.Explainability.Saliency;

/// <summary>A saliency value per input pixel, row-major (y × width + x), at the model input's resolution.</summary>
public sealed class SaliencyMap
{
    /// <param name="height">Input height in pixels.</param>
    /// <param name="width">Input width in pixels.</param>
    /// <param name="values">height × width values; higher means the pixel matters more to the target class.</param>
    public SaliencyMap(int height, int width, float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (values.Length != height * width)
        {
            throw new ArgumentException($"{values.Length} values for a {height}×{width} map.", nameof(values));
        }

        Height = height;
        Width = width;
        Values = values;
    }

    /// <summary>Input height in pixels.</summary>
    public int Height { get; }

    /// <summary>Input width in pixels.</summary>
    public int Width { get; }

    /// <summary>Row-major values.</summary>
    public IReadOnlyList<float> Values { get; }

    /// <summary>The value at (<paramref name="y"/>, <paramref name="x"/>).</summary>
    public float this[int y, int x] => Values[(y * Width) + x];

    /// <summary>
    /// Mean-pools the map into <paramref name="rows"/> × <paramref name="columns"/> cells (each at most the map's size);
    /// cell (r, c) covers rows ⌊r·H/rows⌋ to ⌊(r+1)·H/rows⌋ − 1, and likewise for columns.
    /// </summary>
    public SaliencyGrid ToGrid(int rows, int columns)
    {
        rows = Math.Clamp(rows, 1, Height);
        columns = Math.Clamp(columns, 1, Width);
        var cells = new float[rows * columns];
        for (var r = 0; r < rows; r++)
        {
            var (y0, y1) = (r * Height / rows, (r + 1) * Height / rows);
            for (var c = 0; c < columns; c++)
            {
                var (x0, x1) = (c * Width / columns, (c + 1) * Width / columns);
                double sum = 0;
                for (var y = y0; y < y1; y++)
                {
                    for (var x = x0; x < x1; x++)
                    {
                        sum += Values[(y * Width) + x];
                    }
                }

                cells[(r * columns) + c] = (float)(sum / ((y1 - y0) * (x1 - x0)));
            }
        }

        return new SaliencyGrid(rows, columns, cells, Height, Width);
    }
}
