namespace BatchWorkers.Explainability.Saliency;

/// <summary>
/// Saliency pooled into cells over the model input: cell (r, c) covers input rows ⌊r·InputHeight/Rows⌋ up to
/// ⌊(r+1)·InputHeight/Rows⌋, and likewise for columns. Values are row-major, in the method's own unit (see
/// <see cref="SaliencyMethod"/>); higher means the cell matters more to the target class.
/// </summary>
/// <param name="Rows">Cells down.</param>
/// <param name="Columns">Cells across.</param>
/// <param name="Values">Rows × Columns values, row-major.</param>
/// <param name="InputHeight">The model input's height in pixels.</param>
/// <param name="InputWidth">The model input's width in pixels.</param>
public sealed record SaliencyGrid(int Rows, int Columns, float[] Values, int InputHeight, int InputWidth)
{
    /// <summary>The value of cell (<paramref name="row"/>, <paramref name="column"/>).</summary>
    public float this[int row, int column] => Values[(row * Columns) + column];

    /// <summary>The cell with the highest value (the first in row-major order on a tie).</summary>
    public (int Row, int Column) ArgMax()
    {
        var best = 0;
        for (var i = 1; i < Values.Length; i++)
        {
            if (Values[i] > Values[best])
            {
                best = i;
            }
        }

        return (best / Columns, best % Columns);
    }

    /// <summary>The input pixels cell (<paramref name="row"/>, <paramref name="column"/>) covers: left, top, right and bottom (exclusive).</summary>
    public (int Left, int Top, int Right, int Bottom) CellBounds(int row, int column) =>
        (column * InputWidth / Columns, row * InputHeight / Rows, (column + 1) * InputWidth / Columns, (row + 1) * InputHeight / Rows);
}
