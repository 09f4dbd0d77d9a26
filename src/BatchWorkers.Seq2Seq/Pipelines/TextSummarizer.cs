using BatchWorkers.Seq2Seq.Generation;

namespace BatchWorkers.Seq2Seq.Pipelines;

/// <summary>
/// Summarizes texts. A text within the model's input limit is summarized in one pass; a longer one is cut at
/// sentence boundaries into segments that fit, each segment is summarized, and the joined segment summaries are
/// summarized again the same way until they fit in one segment. All segments of all texts run in shared
/// length-sorted batches.
/// </summary>
public static class TextSummarizer
{
    /// <summary>Most passes over one text; after them, what is left is cut to fit (a model whose summaries do not shrink).</summary>
    public const int MaxPasses = 4;

    /// <summary>Summarizes <paramref name="texts"/>; a text the tokenizer refuses fails alone.</summary>
    public static IReadOnlyList<TextResult> Summarize(
        Seq2SeqPipeline pipeline, IReadOnlyList<string> texts, GenerationConfig config, int maxBatchSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(texts);
        var runs = texts.Select(_ => new SegmentRun()).ToArray();
        var errors = new string?[texts.Count];
        var current = texts.ToArray();
        var open = Enumerable.Range(0, texts.Count).ToList();
        for (int pass = 1; open.Count > 0; pass++)
        {
            var sources = new List<IReadOnlyList<int>>();
            var owners = new List<int>();
            foreach (int i in open)
            {
                try
                {
                    IReadOnlyList<EncodedInput> segments = pass == MaxPasses ? [pipeline.Encode(current[i])] : Segment(pipeline, current[i]);
                    foreach (EncodedInput input in segments)
                    {
                        runs[i].AddInput(input);
                        sources.Add(input.Ids);
                        owners.Add(i);
                    }
                }
                catch (ArgumentException ex)
                {
                    errors[i] = ex.Message;
                }
            }

            IReadOnlyList<BatchedSequence> outputs = pipeline.Generate(sources, config, maxBatchSize, cancellationToken);
            var summaries = open.ToDictionary(i => i, _ => new List<string>());
            for (int s = 0; s < outputs.Count; s++)
            {
                runs[owners[s]].AddOutput(outputs[s]);
                summaries[owners[s]].Add(pipeline.Tokenizer.Decode(outputs[s].Sequence.TokenIds));
            }

            foreach ((int i, List<string> parts) in summaries)
            {
                current[i] = string.Join(" ", parts);
            }

            // A text run in several segments goes round again with its joined segment summaries.
            open = [.. open.Where(i => errors[i] is null && summaries[i].Count > 1)];
        }

        return [.. Enumerable.Range(0, texts.Count).Select(i => errors[i] is { } error
            ? TextResult.Failed(error)
            : runs[i].ToResult(current[i], pipeline.InputLimit, "segment(s)"))];
    }

    /// <summary>The text as one input, or as sentence-aligned segments that each fit the input limit.</summary>
    private static IReadOnlyList<EncodedInput> Segment(Seq2SeqPipeline pipeline, string text)
    {
        EncodedInput whole = pipeline.Encode(text);
        if (!whole.Truncated)
        {
            return [whole];
        }

        // Pack sentences by their own token counts (linear, not re-encoding growing segments); the space the task
        // prefix and end-of-sequence take is kept free.
        int budget = pipeline.InputLimit - pipeline.Encode("").Ids.Count;
        var segments = new List<EncodedInput>();
        var current = new List<string>();
        int used = 0;
        foreach (Sentence sentence in SentenceSplitter.Split(text))
        {
            int tokens = pipeline.Tokenizer.Encode(sentence.Text).Count - 1;
            if (current.Count > 0 && used + tokens > budget)
            {
                segments.Add(pipeline.Encode(string.Join(" ", current)));
                current.Clear();
                used = 0;
            }

            current.Add(sentence.Text);
            used += tokens;
        }

        segments.Add(pipeline.Encode(string.Join(" ", current)));
        return segments;
    }
}
