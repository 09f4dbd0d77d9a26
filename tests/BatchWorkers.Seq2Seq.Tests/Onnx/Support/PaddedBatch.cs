namespace BatchWorkers.Seq2Seq.Tests.Onnx.Support;

/// <summary>Sources right-padded to one length, with their attention masks, as the runner builds them.</summary>
internal sealed class PaddedBatch
{
    public PaddedBatch(IReadOnlyList<IReadOnlyList<int>> sources, int pad)
    {
        Length = sources.Max(source => source.Count);
        Ids = [.. sources.Select(source => source.Select(id => (long)id).Concat(Enumerable.Repeat((long)pad, Length - source.Count)).ToArray())];
        Mask = [.. sources.Select(source => Enumerable.Range(0, Length).Select(i => i < source.Count ? 1L : 0L).ToArray())];
    }

    public int Length { get; }

    public int Rows => Ids.Length;

    public long[][] Ids { get; }

    public long[][] Mask { get; }

    public long[] FlatIds => [.. Ids.SelectMany(row => row)];

    public long[] FlatMask => [.. Mask.SelectMany(row => row)];

    /// <summary>The reference encoder's output of every row, as one float [rows, length, d_model] buffer.</summary>
    public (double[][][] Rows, float[] Flat) Encode(ReferenceTransformer reference)
    {
        double[][][] rows = [.. Ids.Select((ids, row) => reference.Encode(ids, Mask[row]))];
        float[] flat = [.. rows.SelectMany(row => row.SelectMany(position => position.Select(v => (float)v)))];
        return (rows, flat);
    }
}
