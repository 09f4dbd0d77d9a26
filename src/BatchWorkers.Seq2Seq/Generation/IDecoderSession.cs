namespace BatchWorkers.Seq2Seq.Generation;

/// <summary>
/// A decoder bound to one encoded batch, stepped by greedy or beam search. The ONNX runner implements it
/// over the encoder output and the decoder's key/value cache; tests implement it with a table.
/// </summary>
/// <remarks>
/// Rows start as one per source: row i of the first <see cref="Step"/> belongs to source i. Afterwards the
/// search calls <see cref="SelectRows"/> whenever rows finish, are reordered or are duplicated for beams, so a
/// session that tracks row → source and per-row cache through those calls always knows each row's input.
/// </remarks>
public interface IDecoderSession
{
    /// <summary>Number of sources (encoder inputs) the session was opened for.</summary>
    int BatchSize { get; }

    /// <summary>
    /// Runs the decoder for the current rows and returns each row's logits for the next token.
    /// </summary>
    /// <param name="sequences">Every row's tokens so far, decoder start token first. A cached session needs
    /// only the last token of each; one without cache recomputes from the whole prefix.</param>
    /// <param name="cancellationToken">Stops the step.</param>
    /// <returns>Logits of shape [sequences.Count, vocab]; ownership passes to the caller.</returns>
    Logits Step(IReadOnlyList<IReadOnlyList<int>> sequences, CancellationToken cancellationToken);

    /// <summary>
    /// Rebuilds the rows (and their key/value cache) before the next step: new row i continues old row
    /// <paramref name="parents"/>[i]. Parents may repeat (a beam forks), be left out (a row finished or a beam
    /// was pruned) or come in any order.
    /// </summary>
    void SelectRows(ReadOnlySpan<int> parents);
}
