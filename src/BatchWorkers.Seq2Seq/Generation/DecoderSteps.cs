namespace BatchWorkers.Seq2Seq.Generation;

/// <summary>Calls <see cref="IDecoderSession.Step"/> and checks that the answer fits the rows asked about.</summary>
internal static class DecoderSteps
{
    public static Logits Run(IDecoderSession session, IReadOnlyList<DecodingRow> rows, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<int>[] sequences = new IReadOnlyList<int>[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            sequences[i] = rows[i].Tokens;
        }

        Logits logits = session.Step(sequences, cancellationToken);
        if (logits.Rows != rows.Count)
        {
            throw new InvalidOperationException(
                $"The decoder session returned logits for {logits.Rows} rows; the step asked for {rows.Count}.");
        }

        return logits;
    }
}
