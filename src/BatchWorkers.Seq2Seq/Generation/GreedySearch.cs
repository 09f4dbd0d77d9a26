using BatchWorkers.Seq2Seq.Generation.Processors;

namespace BatchWorkers.Seq2Seq.Generation;

/// <summary>Greedy search: each row takes its most likely next token until EOS or the maximum length.</summary>
internal static class GreedySearch
{
    public static GeneratedSequence[] Run(IDecoderSession session, GenerationConfig config, CancellationToken cancellationToken)
    {
        var results = new GeneratedSequence[session.BatchSize];
        var rows = new List<DecodingRow>(session.BatchSize);
        for (int source = 0; source < session.BatchSize; source++)
        {
            rows.Add(DecodingRow.Start(source, config.DecoderStartTokenId));
        }

        int maxLength = config.EffectiveMaxLength;
        LogitsProcessorPipeline? processors = null;
        while (rows.Count > 0)
        {
            Logits logits = DecoderSteps.Run(session, rows, cancellationToken);
            processors ??= LogitsProcessorPipeline.Create(config, logits.VocabSize);
            var survivors = new List<int>(rows.Count);
            for (int i = 0; i < rows.Count; i++)
            {
                DecodingRow row = rows[i];
                Span<float> scores = logits.Row(i);
                LogSoftmax.Apply(scores);
                processors.Process(row.Tokens, scores);
                int token = ArgMax(scores);
                row.Append(token, scores[token]);

                FinishReason? reason = config.EosTokenIds.Contains(token) ? FinishReason.EndOfSequence
                    : row.Tokens.Count >= maxLength ? FinishReason.MaxLength
                    : null;
                if (reason is FinishReason finished)
                {
                    results[row.Source] = row.ToResult(config.LengthPenalty, finished);
                }
                else
                {
                    survivors.Add(i);
                }
            }

            // Finished rows leave the batch, so later steps only pay for the rows still running.
            if (survivors.Count > 0 && survivors.Count < rows.Count)
            {
                session.SelectRows(survivors.ToArray());
            }

            rows = survivors.ConvertAll(i => rows[i]);
        }

        return results;
    }

    // The first maximum, as torch.argmax picks. Log-softmax shifts a row uniformly, so this is the token
    // transformers' greedy search picks from the processed logits.
    private static int ArgMax(ReadOnlySpan<float> scores)
    {
        int best = 0;
        for (int i = 1; i < scores.Length; i++)
        {
            if (scores[i] > scores[best])
            {
                best = i;
            }
        }

        return best;
    }
}
