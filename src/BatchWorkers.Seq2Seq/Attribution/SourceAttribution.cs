using BatchWorkers.Seq2Seq.Generation;
using BatchWorkers.Seq2Seq.Pipelines;
using BatchWorkers.Seq2Seq.Tokenizers;

namespace BatchWorkers.Seq2Seq.Attribution;

/// <summary>
/// Attributes a generated output to its source by occlusion: the output is scored teacher-forced under the source
/// and under copies with one unit masked (a token, else a sentence or a run of tokens, so the scorings stay
/// within <see cref="AttributionOptions.MaxEvaluations"/>); a unit's attribution is how much log-probability the
/// output loses without it. Works with any model the pipeline runs, as it only reads the model's outputs.
/// </summary>
public static class SourceAttribution
{
    /// <summary>
    /// Explains a text end to end: encodes it as <see cref="Seq2SeqPipeline.Encode"/> does (task prefix, input
    /// limit), generates its output with <paramref name="config"/> in one pass, and attributes that output. Too many
    /// tokens for the budget: the text's sentences (<see cref="SentenceSplitter"/>) are masked instead, else runs
    /// of tokens. The generation comes on top of <see cref="TokenAttributionReport.Evaluations"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The tokenizer refuses the text (an unknown Marian language code), or the
    /// settings cannot be generated with.</exception>
    public static TokenAttributionReport Explain(
        Seq2SeqPipeline pipeline, string text, GenerationConfig config, AttributionOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        EncodedInput input = pipeline.Encode(text);
        options.BeforeBatch?.Invoke(cancellationToken);
        GeneratedSequence output = pipeline.Generate([input.Ids], config, maxBatchSize: 1, cancellationToken)[0].Sequence;
        IReadOnlyList<(int Start, int End)>? sentences = SentenceRanges(pipeline, text, input.Ids);
        return Run(pipeline, input.Ids, config.DecoderStartTokenId, output.TokenIds, sentences, input.DroppedTokens, options, cancellationToken);
    }

    /// <summary>
    /// Explains a known output of known source ids, by token or, beyond the budget, by runs of tokens (without
    /// the text there are no sentences).
    /// </summary>
    /// <param name="pipeline">The model and its tokenizer.</param>
    /// <param name="source">Encoder ids, as <see cref="Seq2SeqPipeline.Encode"/> gives them; a leading task prefix
    /// or BOS and the final EOS are never masked.</param>
    /// <param name="output">The generated ids, without the decoder start token (EOS included when generated).</param>
    /// <param name="decoderStartTokenId">The decoder start token the output was generated from.</param>
    /// <param name="options">The budget and batch size.</param>
    /// <param name="cancellationToken">Stops between decoder steps.</param>
    public static TokenAttributionReport Explain(
        Seq2SeqPipeline pipeline,
        IReadOnlyList<int> source,
        IReadOnlyList<int> output,
        int decoderStartTokenId,
        AttributionOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return Run(pipeline, source, decoderStartTokenId, output, sentences: null, droppedTokens: 0, options, cancellationToken);
    }

    private static TokenAttributionReport Run(
        Seq2SeqPipeline pipeline,
        IReadOnlyList<int> source,
        int decoderStartTokenId,
        IReadOnlyList<int> output,
        IReadOnlyList<(int Start, int End)>? sentences,
        int droppedTokens,
        AttributionOptions options,
        CancellationToken cancellationToken)
    {
        if (source.Count == 0)
        {
            throw new ArgumentException("The source has no tokens.", nameof(source));
        }

        ISeq2SeqTokenizer tokenizer = pipeline.Tokenizer;
        int maskId = options.MaskTokenId ?? tokenizer.UnknownTokenId;
        int start = FixedPrefixLength(pipeline, source);
        int end = source[^1] == tokenizer.EosTokenId ? source.Count - 1 : source.Count;
        (AttributionGranularity granularity, List<(int Start, int End)> units) =
            PlanUnits(start, Math.Max(start, end), sentences, options.MaxEvaluations);

        var variants = new List<IReadOnlyList<int>>(units.Count + 1) { source };
        foreach ((int from, int to) in units)
        {
            int[] masked = [.. source];
            masked.AsSpan(from, to - from).Fill(maskId);
            variants.Add(masked);
        }

        int[] target = [decoderStartTokenId, .. output];
        IReadOnlyList<double> scores = new TeacherForcedScorer(pipeline.Model, tokenizer.PadTokenId)
            .Score(variants, target, options.BatchSize, cancellationToken, options.BeforeBatch);
        double baseScore = scores[0];
        double[] attributions = [.. scores.Skip(1).Select(masked => baseScore - masked)];
        double[] normalized = Normalize(attributions);

        string[] texts = [.. source.Select(tokenizer.TokenText)];
        var unitOf = new int[source.Count];
        Array.Fill(unitOf, -1);
        var report = new List<AttributionUnit>(units.Count);
        for (int u = 0; u < units.Count; u++)
        {
            (int from, int to) = units[u];
            unitOf.AsSpan(from, to - from).Fill(u);
            report.Add(new AttributionUnit(from, to - from, string.Concat(texts[from..to]), attributions[u], normalized[u], scores[u + 1]));
        }

        AttributedToken[] tokens = [.. source.Select((id, i) => unitOf[i] is int u and >= 0
            ? new AttributedToken(id, texts[i], u, attributions[u], normalized[u])
            : new AttributedToken(id, texts[i], -1, 0, 0))];
        return new TokenAttributionReport(
            granularity, tokens, report, [.. output], tokenizer.Decode(output), baseScore,
            Evaluations: variants.Count, options.MaxEvaluations, maskId, droppedTokens);
    }

    /// <summary>
    /// Tokens [start, end) one by one when they fit the budget (one scoring is the unmasked source's); else the
    /// sentences when they fit; else runs of k tokens, k as small as fits.
    /// </summary>
    internal static (AttributionGranularity Granularity, List<(int Start, int End)> Units) PlanUnits(
        int start, int end, IReadOnlyList<(int Start, int End)>? sentences, int maxEvaluations)
    {
        int maskable = end - start;
        int budget = maxEvaluations - 1;
        if (maskable <= budget)
        {
            return (AttributionGranularity.Token, [.. Enumerable.Range(start, maskable).Select(i => (i, i + 1))]);
        }

        List<(int Start, int End)> clipped = [.. (sentences ?? [])
            .Select(s => (Start: Math.Max(s.Start, start), End: Math.Min(s.End, end)))
            .Where(s => s.Start < s.End)];
        if (clipped.Count is > 1 && clipped.Count <= budget)
        {
            return (AttributionGranularity.Sentence, clipped);
        }

        int k = (maskable + budget - 1) / budget;
        return (AttributionGranularity.Span, [.. Enumerable.Range(0, (maskable + k - 1) / k)
            .Select(i => (start + (i * k), Math.Min(end, start + ((i + 1) * k))))]);
    }

    /// <summary>
    /// Token ranges of the text's sentences, each found by encoding the text up to the sentence's end: the ids of
    /// that prefix must be the first ids of the whole text's, so nothing is guessed; null when they are not (a
    /// tokenizer whose pieces cross the boundary) or when the text has fewer than two sentences. The first range
    /// starts at 0; the caller clips the ranges to the maskable tokens.
    /// </summary>
    private static IReadOnlyList<(int Start, int End)>? SentenceRanges(Seq2SeqPipeline pipeline, string text, IReadOnlyList<int> ids)
    {
        IReadOnlyList<Sentence> sentences = SentenceSplitter.Split(text);
        if (sentences.Count < 2)
        {
            return null;
        }

        var ranges = new List<(int Start, int End)>(sentences.Count);
        int cursor = 0;
        int previous = 0;
        foreach (Sentence sentence in sentences)
        {
            int at = text.IndexOf(sentence.Text, cursor, StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }

            cursor = at + sentence.Text.Length;
            IReadOnlyList<int> prefix = pipeline.Encode(text[..cursor]).Ids;
            int boundary = prefix.Count - 1;
            if (boundary < previous || boundary >= ids.Count || prefix[^1] != pipeline.Tokenizer.EosTokenId
                || !prefix.Take(boundary).SequenceEqual(ids.Take(boundary)))
            {
                return null;
            }

            ranges.Add((previous, boundary));
            previous = boundary;
        }

        return ranges;
    }

    /// <summary>How many leading ids every input of the pipeline starts with (a task prefix, BOS): never masked.</summary>
    private static int FixedPrefixLength(Seq2SeqPipeline pipeline, IReadOnlyList<int> source)
    {
        IReadOnlyList<int> empty = pipeline.Encode("").Ids;
        int length = empty.Count - 1;
        return length > 0 && empty[^1] == pipeline.Tokenizer.EosTokenId && source.Count > length && source.Take(length).SequenceEqual(empty.Take(length))
            ? length
            : 0;
    }

    private static double[] Normalize(double[] scores)
    {
        double largest = scores.Length == 0 ? 0 : scores.Max(score => Math.Abs(score));
        return [.. scores.Select(score => largest switch
        {
            0 or double.NaN => 0,
            double.PositiveInfinity => double.IsInfinity(score) ? Math.Sign(score) : 0,
            _ => score / largest,
        })];
    }
}
