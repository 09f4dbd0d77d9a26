namespace BatchWorkers.Seq2Seq.Generation;

/// <summary>The beams and finished hypotheses of one source during beam search.</summary>
internal sealed class BeamGroup
{
    // transformers starts beam 0 at 0 and the copies at −1e9 so the first step does not pick the same token
    // from identical beams.
    private const float CopyStartScore = -1e9f;

    private readonly GenerationConfig _config;
    private readonly BeamHypotheses _hypotheses;
    private readonly TopCandidates _top;
    private List<DecodingRow> _beams;

    public BeamGroup(int source, GenerationConfig config)
    {
        Source = source;
        _config = config;
        _hypotheses = new BeamHypotheses(config.NumBeams, config.LengthPenalty);
        // Enough candidates that num_beams survive even if every beam's every EOS ranks among them.
        _top = new TopCandidates(Math.Max(2, 1 + config.EosTokenIds.Count) * config.NumBeams);
        _beams = [.. Enumerable.Range(0, config.NumBeams).Select(
            beam => DecodingRow.Start(source, config.DecoderStartTokenId, beam == 0 ? 0f : CopyStartScore))];
    }

    public int Source { get; }

    public IReadOnlyList<DecodingRow> Beams => _beams;

    public bool IsDone { get; private set; }

    public GeneratedSequence Best() => _hypotheses.Best();

    /// <summary>
    /// One beam-search step over this source's processed log-probabilities. <paramref name="rowOfBeam"/> maps a
    /// beam to its logits row (on the first step every beam reads the same row). Returns, for each new beam,
    /// the logits row it continues.
    /// </summary>
    public int[] Advance(Logits logProbabilities, Func<int, int> rowOfBeam, int maxLength)
    {
        int numBeams = _config.NumBeams;
        int vocabSize = logProbabilities.VocabSize;
        SelectTopCandidates(logProbabilities, rowOfBeam);

        int lengthAfter = _beams[0].Tokens.Count + 1;
        bool atMaxLength = lengthAfter >= maxLength;
        var next = new List<DecodingRow>(numBeams);
        var parents = new List<int>(numBeams);
        for (int rank = 0; rank < _top.Count && next.Count < numBeams; rank++)
        {
            int beam = _top.Index(rank) / vocabSize;
            int token = _top.Index(rank) % vocabSize;
            float score = _top.Score(rank);
            bool isEos = _config.EosTokenIds.Contains(token);
            if (isEos || atMaxLength)
            {
                // Only the top num_beams candidates may finish; a lower-ranked EOS is ignored. At the maximum
                // length every top candidate finishes, EOS or not.
                if (rank < numBeams)
                {
                    _hypotheses.Add(
                        [.. _beams[beam].Tokens, token], score, isEos ? FinishReason.EndOfSequence : FinishReason.MaxLength);
                }

                continue;
            }

            next.Add(_beams[beam].Extend(token, score));
            parents.Add(rowOfBeam(beam));
        }

        _beams = next;
        IsDone = atMaxLength || IsFinished(lengthAfter, maxLength);
        if (!IsDone && next.Count < numBeams)
        {
            throw new InvalidOperationException(
                $"Only {next.Count} continuations for {numBeams} beams: the vocabulary ({vocabSize}) is too small.");
        }

        return [.. parents];
    }

    private void SelectTopCandidates(Logits logProbabilities, Func<int, int> rowOfBeam)
    {
        int vocabSize = logProbabilities.VocabSize;
        _top.Clear();
        for (int beam = 0; beam < _beams.Count; beam++)
        {
            ReadOnlySpan<float> row = logProbabilities.Row(rowOfBeam(beam));
            float beamScore = _beams[beam].LogProbability;
            int offset = beam * vocabSize;
            for (int token = 0; token < row.Length; token++)
            {
                _top.Offer(row[token] + beamScore, offset + token);
            }
        }
    }

    // transformers' stopping rules once num_beams hypotheses are finished: early_stopping=true stops at once;
    // otherwise stop when the best running beam, scored at the current length (or at max_length under
    // "never" with a positive length penalty), can no longer beat the worst kept hypothesis.
    private bool IsFinished(int lengthAfter, int maxLength)
    {
        if (!_hypotheses.IsFull)
        {
            return false;
        }

        if (_config.EarlyStopping == EarlyStopping.WhenFull)
        {
            return true;
        }

        int hypotheticalLength = _config.EarlyStopping == EarlyStopping.Never && _config.LengthPenalty > 0
            ? maxLength - 1
            : lengthAfter - 1;
        float bestPossible = DecodingRow.LengthNormalized(_beams[0].LogProbability, hypotheticalLength, _config.LengthPenalty);
        return !(bestPossible > _hypotheses.WorstScore);
    }
}
