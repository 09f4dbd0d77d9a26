using BatchWorkers.Seq2Seq.Generation.Processors;

namespace BatchWorkers.Seq2Seq.Generation;

/// <summary>
/// Batched beam search as transformers does it: log-softmax, processors, add beam scores, top
/// (1 + eos count, at least 2) × num_beams over beams × vocab; each source stops on its own and leaves the batch.
/// </summary>
internal static class BeamSearch
{
    public static GeneratedSequence[] Run(IDecoderSession session, GenerationConfig config, CancellationToken cancellationToken)
    {
        var results = new GeneratedSequence[session.BatchSize];
        var groups = new List<BeamGroup>(session.BatchSize);
        for (int source = 0; source < session.BatchSize; source++)
        {
            groups.Add(new BeamGroup(source, config));
        }

        int numBeams = config.NumBeams;
        int maxLength = config.EffectiveMaxLength;
        LogitsProcessorPipeline? processors = null;
        // All beams of a source start identical, so the first step runs one row per source and SelectRows
        // then widens the cache to num_beams rows.
        bool firstStep = true;
        while (groups.Count > 0)
        {
            List<DecodingRow> rows = firstStep
                ? groups.ConvertAll(group => group.Beams[0])
                : [.. groups.SelectMany(group => group.Beams)];
            Logits logits = DecoderSteps.Run(session, rows, cancellationToken);
            processors ??= LogitsProcessorPipeline.Create(config, logits.VocabSize);
            for (int i = 0; i < rows.Count; i++)
            {
                Span<float> scores = logits.Row(i);
                LogSoftmax.Apply(scores);
                processors.Process(rows[i].Tokens, scores);
            }

            var parents = new List<int>(groups.Count * numBeams);
            var running = new List<BeamGroup>(groups.Count);
            for (int g = 0; g < groups.Count; g++)
            {
                int firstRow = firstStep ? g : g * numBeams;
                Func<int, int> rowOfBeam = firstStep ? _ => firstRow : beam => firstRow + beam;
                int[] beamParents = groups[g].Advance(logits, rowOfBeam, maxLength);
                if (groups[g].IsDone)
                {
                    results[groups[g].Source] = groups[g].Best();
                    continue;
                }

                parents.AddRange(beamParents);
                running.Add(groups[g]);
            }

            if (running.Count > 0)
            {
                session.SelectRows(parents.ToArray());
            }

            groups = running;
            firstStep = false;
        }

        return results;
    }
}
