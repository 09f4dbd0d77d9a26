namespace BatchWorkers.Seq2Seq.Generation;

/// <summary>Last-position decoder logits for a set of rows: a row-major [rows, vocab] buffer.</summary>
/// <remarks>The generator turns the values into log-probabilities in place; a session must not reuse the
/// buffer after handing it over.</remarks>
public sealed class Logits
{
    private readonly float[] _values;

    /// <summary>Creates zeroed logits for <paramref name="rows"/> rows.</summary>
    public Logits(int rows, int vocabSize)
        : this(rows, vocabSize, new float[checked(rows * vocabSize)])
    {
    }

    /// <summary>Wraps <paramref name="values"/>, laid out row after row.</summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> does not hold rows × vocabSize values.</exception>
    public Logits(int rows, int vocabSize, float[] values)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(vocabSize);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != checked(rows * vocabSize))
        {
            throw new ArgumentException(
                $"Expected {rows} × {vocabSize} = {rows * vocabSize} values, got {values.Length}.", nameof(values));
        }

        Rows = rows;
        VocabSize = vocabSize;
        _values = values;
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of values per row (the model's vocabulary, possibly padded past the tokenizer's).</summary>
    public int VocabSize { get; }

    /// <summary>The values of one row.</summary>
    public Span<float> Row(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        return _values.AsSpan(row * VocabSize, VocabSize);
    }
}
