using System.Text;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace BatchWorkers.Seq2Seq.Tokenizers;

/// <summary>
/// Marian (<c>opus-mt-*</c>) tokenizer: <c>source.spm</c> splits text into SentencePiece pieces, and
/// <c>vocab.json</c> gives the model's ids for them (they are not the SentencePiece ids).
/// </summary>
public sealed partial class MarianTokenizer : ISeq2SeqTokenizer
{
    private const char Whitespace = '\u2581';

    private readonly SentencePieceTokenizer _source;
    private readonly int _sourceUnknownId;
    private readonly Dictionary<string, int> _vocabulary;
    private readonly string?[] _tokens;

    private MarianTokenizer(SentencePieceTokenizer source, Dictionary<string, int> vocabulary, string vocabularyPath)
    {
        _source = source;
        _sourceUnknownId = source.UnknownId;
        _vocabulary = vocabulary;
        _tokens = VocabularyFile.Reverse(vocabulary, vocabularyPath);
        EosTokenId = VocabularyFile.RequireId(vocabulary, "</s>", vocabularyPath);
        UnknownTokenId = VocabularyFile.RequireId(vocabulary, "<unk>", vocabularyPath);
        PadTokenId = VocabularyFile.RequireId(vocabulary, "<pad>", vocabularyPath);
    }

    /// <inheritdoc />
    public ModelFamily Family => ModelFamily.Marian;

    /// <inheritdoc />
    public int VocabSize => _tokens.Length;

    /// <inheritdoc />
    public int PadTokenId { get; }

    /// <inheritdoc />
    public int EosTokenId { get; }

    /// <inheritdoc />
    public int UnknownTokenId { get; }

    /// <inheritdoc />
    /// <remarks>Marian starts decoding from the pad token.</remarks>
    public int DecoderStartTokenId => PadTokenId;

    /// <summary>Loads the tokenizer from a <c>source.spm</c> SentencePiece model and a <c>vocab.json</c>.</summary>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="InvalidDataException">A file is malformed or the vocabulary lacks a special token.</exception>
    public static MarianTokenizer Load(string sourceSpmPath, string vocabularyPath)
    {
        SentencePieceTokenizer source = SentencePieceModelFile.Read(sourceSpmPath).CreateTokenizer(addEndOfSentence: false);
        return new MarianTokenizer(source, VocabularyFile.Read(vocabularyPath), vocabularyPath);
    }

    /// <inheritdoc />
    /// <remarks>
    /// A leading <c>&gt;&gt;xx&lt;&lt;</c> target-language code becomes its own token; pieces missing from
    /// <c>vocab.json</c> become <c>&lt;unk&gt;</c>; <c>&lt;/s&gt;</c> is appended and no BOS is added.
    /// </remarks>
    /// <exception cref="ArgumentException">The language code is not in the model's vocabulary.</exception>
    public IReadOnlyList<int> Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>();
        Match code = LanguageCode().Match(text);
        if (code.Success)
        {
            ids.Add(LanguageCodeId(code.Value));
            text = text[code.Length..];
        }

        foreach (EncodedToken piece in SentencePieceEncoding.EncodePieces(_source, text))
        {
            ids.Add(piece.Id != _sourceUnknownId && _vocabulary.TryGetValue(piece.Value, out int id) ? id : UnknownTokenId);
        }

        ids.Add(EosTokenId);
        return ids;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Ids map back to pieces through <c>vocab.json</c> (the target side shares it), <c>&lt;/s&gt;</c>,
    /// <c>&lt;pad&gt;</c> and <c>&lt;unk&gt;</c> are dropped, and <c>▁</c> becomes a space, then the text is trimmed,
    /// as MarianTokenizer.decode(skip_special_tokens=True) does.
    /// </remarks>
    public string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var text = new StringBuilder();
        foreach (int id in ids)
        {
            if (id == EosTokenId || id == PadTokenId || id == UnknownTokenId || (uint)id >= (uint)_tokens.Length)
            {
                continue;
            }

            text.Append(_tokens[id]);
        }

        return text.Replace(Whitespace, ' ').ToString().Trim();
    }

    /// <inheritdoc />
    /// <remarks>The id's piece from <c>vocab.json</c> with <c>▁</c> as a space; special tokens and language codes as written.</remarks>
    public string TokenText(int id) =>
        (uint)id < (uint)_tokens.Length && _tokens[id] is { } piece ? piece.Replace(Whitespace, ' ') : string.Empty;

    private int LanguageCodeId(string code)
    {
        if (_vocabulary.TryGetValue(code, out int id))
        {
            return id;
        }

        // The reference maps an unknown code to <unk> and translates into whatever language the model
        // guesses; failing the item is kinder than a silently wrong language.
        string[] supported = [.. _vocabulary.Keys.Where(k => LanguageCode().IsMatch(k)).Order(StringComparer.Ordinal)];
        throw new ArgumentException(supported.Length == 0
            ? $"This model takes no language code, but the text starts with '{code}'."
            : $"The language code '{code}' is not in this model's vocabulary; supported: {string.Join(", ", supported)}.");
    }

    [GeneratedRegex("^>>[^<>\\s]+<<")]
    private static partial Regex LanguageCode();
}
