using BatchWorkers.Seq2Seq.Generation;

namespace BatchWorkers.Seq2Seq.Tests.Onnx.Support;

/// <summary>
/// An <see cref="IDecoderSession"/> over <see cref="ReferenceTransformer"/>: each row recomputes its source's
/// next-token logits from the whole prefix, with no ONNX and no cache, so generation through it is an
/// independent expectation for generation through the runner.
/// </summary>
internal sealed class ReferenceDecoderSession : IDecoderSession
{
    private readonly ReferenceTransformer _reference;
    private readonly double[][][] _encoded;
    private readonly long[][] _masks;
    private List<int> _rowSources;

    public ReferenceDecoderSession(ReferenceTransformer reference, IReadOnlyList<IReadOnlyList<int>> sources)
    {
        _reference = reference;
        _masks = [.. sources.Select(source => source.Select(_ => 1L).ToArray())];
        _encoded = [.. sources.Select((source, i) => reference.Encode([.. source.Select(id => (long)id)], _masks[i]))];
        _rowSources = [.. Enumerable.Range(0, sources.Count)];
    }

    public int BatchSize => _encoded.Length;

    public Logits Step(IReadOnlyList<IReadOnlyList<int>> sequences, CancellationToken cancellationToken)
    {
        Assert.Equal(_rowSources.Count, sequences.Count);
        Logits logits = null!;
        for (int row = 0; row < sequences.Count; row++)
        {
            int source = _rowSources[row];
            double[] next = _reference.Decode([.. sequences[row].Select(id => (long)id)], _encoded[source], _masks[source]).Logits[^1];
            logits ??= new Logits(sequences.Count, next.Length);
            Span<float> target = logits.Row(row);
            for (int token = 0; token < next.Length; token++)
            {
                target[token] = (float)next[token];
            }
        }

        return logits;
    }

    public void SelectRows(ReadOnlySpan<int> parents)
    {
        var selected = new List<int>(parents.Length);
        foreach (int parent in parents)
        {
            selected.Add(_rowSources[parent]);
        }

        _rowSources = selected;
    }
}
