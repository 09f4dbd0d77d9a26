using BatchWorkers.Seq2Seq.Generation;

namespace BatchWorkers.Seq2Seq.Tests.Generation.Support;

/// <summary>
/// An <see cref="IDecoderSession"/> over one <see cref="ToyModel"/> per source. It keeps every row's tokens as
/// a stand-in for the KV cache and checks that each step extends exactly the row SelectRows left there, so the
/// tests also prove the search keeps a real cache consistent.
/// </summary>
internal sealed class TableDecoderSession(params ToyModel[] sources) : IDecoderSession
{
    private List<(int Source, int[] Cached)> _rows = [.. sources.Select((_, source) => (source, Array.Empty<int>()))];

    public int BatchSize => sources.Length;

    /// <summary>Rows asked for at each step: shows finished rows leaving the batch.</summary>
    public List<int> RowsPerStep { get; } = [];

    public Logits Step(IReadOnlyList<IReadOnlyList<int>> sequences, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (sequences.Count != _rows.Count)
        {
            throw new InvalidOperationException($"Step got {sequences.Count} rows; the cache holds {_rows.Count}.");
        }

        RowsPerStep.Add(sequences.Count);
        var logits = new Logits(sequences.Count, Tokens.VocabSize);
        for (int i = 0; i < sequences.Count; i++)
        {
            (int source, int[] cached) = _rows[i];
            IReadOnlyList<int> sequence = sequences[i];
            bool extendsCache = sequence.Count == cached.Length + 1 && sequence.Take(cached.Length).SequenceEqual(cached);
            if (!extendsCache)
            {
                throw new InvalidOperationException(
                    $"Row {i} sent [{string.Join(',', sequence)}] but its cache holds [{string.Join(',', cached)}].");
            }

            _rows[i] = (source, [.. sequence]);
            sources[source].WriteLogits(sequence[^1], logits.Row(i));
        }

        return logits;
    }

    public void SelectRows(ReadOnlySpan<int> parents)
    {
        var selected = new List<(int Source, int[] Cached)>(parents.Length);
        foreach (int parent in parents)
        {
            selected.Add(_rows[parent]);
        }

        _rows = selected;
    }
}
