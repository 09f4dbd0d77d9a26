using System.Text.RegularExpressions;
using BatchWorkers.Seq2Seq.Generation;

namespace BatchWorkers.Seq2Seq.Pipelines;

/// <summary>
/// Translates documents: each is split into sentences, every sentence of every document is generated in
/// length-sorted batches, and each document is reassembled in order with its line breaks.
/// </summary>
public static partial class TextTranslator
{
    /// <summary>Translates <paramref name="texts"/>; a text the tokenizer refuses fails alone.</summary>
    public static IReadOnlyList<TextResult> Translate(
        Seq2SeqPipeline pipeline, IReadOnlyList<string> texts, GenerationConfig config, int maxBatchSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(texts);
        var sentences = new IReadOnlyList<Sentence>[texts.Count];
        var errors = new string?[texts.Count];
        var sources = new List<IReadOnlyList<int>>();
        var owners = new List<int>();
        var runs = texts.Select(_ => new SegmentRun()).ToArray();
        for (int i = 0; i < texts.Count; i++)
        {
            // A multilingual model's ">>de<<" target code leads the document; every sentence needs it.
            Match code = LanguageCode().Match(texts[i]);
            sentences[i] = SentenceSplitter.Split(texts[i][code.Length..]);
            try
            {
                var encoded = sentences[i].Select(sentence => pipeline.Encode(code.Value.Trim() + (code.Success ? " " : "") + sentence.Text)).ToList();
                foreach (EncodedInput input in encoded)
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
        var translated = texts.Select(_ => new List<string>()).ToArray();
        for (int s = 0; s < outputs.Count; s++)
        {
            runs[owners[s]].AddOutput(outputs[s]);
            translated[owners[s]].Add(pipeline.Tokenizer.Decode(outputs[s].Sequence.TokenIds));
        }

        return [.. Enumerable.Range(0, texts.Count).Select(i => errors[i] is { } error
            ? TextResult.Failed(error)
            : runs[i].ToResult(SentenceSplitter.Join(sentences[i], translated[i]), pipeline.InputLimit, "sentence(s)"))];
    }

    [GeneratedRegex("^\\s*>>[^<>\\s]+<<\\s*")]
    private static partial Regex LanguageCode();
}
