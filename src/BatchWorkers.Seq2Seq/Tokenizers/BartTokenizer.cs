using Microsoft.ML.Tokenizers;

namespace BatchWorkers.Seq2Seq.Tokenizers;

/// <summary>
/// BART / DistilBART tokenizer: GPT-2 byte-level BPE over <c>vocab.json</c> and <c>merges.txt</c>, wrapping
/// text as <c>&lt;s&gt; … &lt;/s&gt;</c>.
/// </summary>
public sealed class BartTokenizer : ISeq2SeqTokenizer
{
    private static readonly string[] SpecialTokenNames = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"];

    private readonly BpeTokenizer _bpe;

    private BartTokenizer(BpeTokenizer bpe, int vocabSize, int pad, int eos, int unknown)
    {
        _bpe = bpe;
        VocabSize = vocabSize;
        PadTokenId = pad;
        EosTokenId = eos;
        UnknownTokenId = unknown;
    }

    /// <inheritdoc />
    public ModelFamily Family => ModelFamily.Bart;

    /// <inheritdoc />
    public int VocabSize { get; }

    /// <inheritdoc />
    public int PadTokenId { get; }

    /// <inheritdoc />
    public int EosTokenId { get; }

    /// <inheritdoc />
    public int UnknownTokenId { get; }

    /// <inheritdoc />
    /// <remarks>BART starts decoding from <c>&lt;/s&gt;</c>.</remarks>
    public int DecoderStartTokenId => EosTokenId;

    /// <summary>Loads the tokenizer from <c>vocab.json</c> and <c>merges.txt</c>.</summary>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="InvalidDataException">A file is malformed or the vocabulary lacks a special token.</exception>
    public static BartTokenizer Load(string vocabularyPath, string mergesPath)
    {
        Dictionary<string, int> vocabulary = VocabularyFile.Read(vocabularyPath);
        // Encode prepends <s>, so it must exist even though nothing else needs its id.
        _ = VocabularyFile.RequireId(vocabulary, "<s>", vocabularyPath);
        int pad = VocabularyFile.RequireId(vocabulary, "<pad>", vocabularyPath);
        int eos = VocabularyFile.RequireId(vocabulary, "</s>", vocabularyPath);
        int unknown = VocabularyFile.RequireId(vocabulary, "<unk>", vocabularyPath);

        // Without the Roberta pre-tokenizer the byte-level BPE loses spaces; with it and ByteLevel the
        // encoding is "<s> Hello Ġworld </s>" like transformers' BartTokenizer (see ../shared/FORMATS.md).
        var options = new BpeOptions(vocabulary)
        {
            Merges = ReadMerges(mergesPath),
            ByteLevel = true,
            PreTokenizer = RobertaPreTokenizer.Instance,
            UnknownToken = "<unk>",
            BeginningOfSentenceToken = "<s>",
            EndOfSentenceToken = "</s>",
            SpecialTokens = SpecialTokenNames
                .Where(vocabulary.ContainsKey)
                .ToDictionary(token => token, token => vocabulary[token]),
        };

        BpeTokenizer bpe;
        try
        {
            bpe = BpeTokenizer.Create(options);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidDataException($"'{vocabularyPath}' and '{mergesPath}' do not form a BPE model: {e.Message}", e);
        }

        return new BartTokenizer(bpe, vocabulary.Values.Max() + 1, pad, eos, unknown);
    }

    /// <inheritdoc />
    public IReadOnlyList<int> Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _bpe.EncodeToIds(text);
    }

    /// <inheritdoc />
    /// <remarks>Special tokens (<c>&lt;s&gt;</c>, <c>&lt;/s&gt;</c>, <c>&lt;pad&gt;</c>, <c>&lt;unk&gt;</c>,
    /// <c>&lt;mask&gt;</c>) are dropped; bytes are reassembled into UTF-8 text without trimming.</remarks>
    public string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        // Model vocabularies are often padded past the tokenizer's; such ids have no text.
        return _bpe.Decode(ids.Where(id => id >= 0 && id < VocabSize), considerSpecialTokens: false) ?? string.Empty;
    }

    /// <inheritdoc />
    /// <remarks>The token's bytes as text (<c>Ġ</c> is the space it stands for); a piece holding part of a multi-byte
    /// character shows as U+FFFD. Special tokens by name.</remarks>
    public string TokenText(int id) =>
        id >= 0 && id < VocabSize ? _bpe.Decode([id], considerSpecialTokens: true) ?? string.Empty : string.Empty;

    // merges.txt starts with a "#version" line; transformers skips it and any blank line.
    private static List<string> ReadMerges(string path) =>
        [.. File.ReadLines(path).Where(line => line.Length > 0 && !line.StartsWith("#version", StringComparison.Ordinal))];
}
