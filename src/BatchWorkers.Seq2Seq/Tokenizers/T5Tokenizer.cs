using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace BatchWorkers.Seq2Seq.Tokenizers;

/// <summary>
/// T5 tokenizer: a SentencePiece unigram <c>spiece.model</c> with <c>&lt;/s&gt;</c> appended and no BOS, plus
/// <c>&lt;extra_id_N&gt;</c> sentinels numbered down from the top of the vocabulary.
/// </summary>
public sealed partial class T5Tokenizer : ISeq2SeqTokenizer
{
    /// <summary>Number of <c>&lt;extra_id_N&gt;</c> sentinels transformers' T5Tokenizer adds by default.</summary>
    public const int DefaultExtraIds = 100;

    private readonly SentencePieceTokenizer _pieces;
    private readonly IReadOnlyList<string> _pieceTexts;
    private readonly int _pieceCount;
    private readonly int _extraIds;
    private readonly bool[] _isSpecial;
    private readonly int _whitespaceId;

    private T5Tokenizer(SentencePieceTokenizer pieces, SentencePieceModelFile model, int extraIds)
    {
        _pieces = pieces;
        _pieceCount = model.Pieces.Count;
        _pieceTexts = model.Pieces;
        _extraIds = extraIds;
        _isSpecial = [.. model.Types.Select(type => type is SentencePieceType.Control or SentencePieceType.Unknown)];
        _whitespaceId = model.Pieces.ToList().IndexOf("\u2581");
        PadTokenId = model.PadId;
        EosTokenId = model.EosId;
        UnknownTokenId = model.UnknownId;
    }

    /// <inheritdoc />
    public ModelFamily Family => ModelFamily.T5;

    /// <inheritdoc />
    /// <remarks>SentencePiece pieces plus the extra ids (32 000 + 100 for <c>t5-small</c>).</remarks>
    public int VocabSize => _pieceCount + _extraIds;

    /// <inheritdoc />
    public int PadTokenId { get; }

    /// <inheritdoc />
    public int EosTokenId { get; }

    /// <inheritdoc />
    public int UnknownTokenId { get; }

    /// <inheritdoc />
    /// <remarks>T5 starts decoding from the pad token.</remarks>
    public int DecoderStartTokenId => PadTokenId;

    /// <summary>Loads the tokenizer from <c>spiece.model</c>.</summary>
    /// <param name="spieceModelPath">The SentencePiece model.</param>
    /// <param name="extraIds">How many <c>&lt;extra_id_N&gt;</c> sentinels follow the pieces.</param>
    /// <exception cref="FileNotFoundException">The file is missing.</exception>
    /// <exception cref="InvalidDataException">The file is malformed or has no pad or eos id.</exception>
    public static T5Tokenizer Load(string spieceModelPath, int extraIds = DefaultExtraIds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(extraIds);
        SentencePieceModelFile model = SentencePieceModelFile.Read(spieceModelPath);
        foreach ((string name, int id) in new[] { ("pad_id", model.PadId), ("eos_id", model.EosId), ("unk_id", model.UnknownId) })
        {
            if (id < 0 || id >= model.Pieces.Count)
            {
                throw new InvalidDataException($"'{spieceModelPath}' has {name} = {id}, which is not one of its pieces.");
            }
        }

        // bos_id is −1 in T5's model; CreateTokenizer loads it with a stand-in BOS that is never emitted.
        return new T5Tokenizer(model.CreateTokenizer(addEndOfSentence: false), model, extraIds);
    }

    /// <summary>The id of <c>&lt;extra_id_<paramref name="n"/>&gt;</c>: vocab_size − 1 − n.</summary>
    public int ExtraTokenId(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(n, _extraIds);
        return VocabSize - 1 - n;
    }

    /// <inheritdoc />
    /// <remarks><c>&lt;extra_id_N&gt;</c> in the text becomes its sentinel id, as in transformers.</remarks>
    public IReadOnlyList<int> Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>();
        int start = 0;
        foreach (Match sentinel in ExtraIdPattern().Matches(text))
        {
            // Numbers past the sentinels stay literal text, as transformers has no such token.
            if (!int.TryParse(sentinel.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out int n)
                || n >= _extraIds)
            {
                continue;
            }

            AddPieces(ids, text[start..sentinel.Index]);
            ids.Add(ExtraTokenId(n));
            start = sentinel.Index + sentinel.Length;
        }

        AddPieces(ids, text[start..]);
        ids.Add(EosTokenId);
        return ids;
    }

    /// <inheritdoc />
    /// <remarks>Pad, eos, unknown and sentinel ids are dropped; <c>▁</c> becomes a space and the leading one
    /// goes, as SentencePiece's decoder does.</remarks>
    public string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        // Microsoft.ML.Tokenizers drops BOS, EOS and unknown but keeps other control pieces such as <pad>.
        // Sentinels and the padding columns of the model's 32 128-wide logits have no piece at all.
        // SentencePiece strips the leading ▁ of every piece until one yields text, so "▁ ▁at" (left when a dropped
        // <unk> sat between them) decodes to "at"; Microsoft.ML.Tokenizers strips only the first piece's (" at").
        return _pieces.Decode(
                ids.Where(id => id >= 0 && id < _pieceCount && !_isSpecial[id]).SkipWhile(id => id == _whitespaceId),
                considerSpecialTokens: false)
            ?? string.Empty;
    }

    /// <inheritdoc />
    /// <remarks>The SentencePiece piece with <c>▁</c> as a space; sentinels as <c>&lt;extra_id_N&gt;</c>.</remarks>
    public string TokenText(int id) => id switch
    {
        _ when id >= 0 && id < _pieceCount => _pieceTexts[id].Replace('\u2581', ' '),
        _ when id >= _pieceCount && id < VocabSize => $"<extra_id_{VocabSize - 1 - id}>",
        _ => string.Empty,
    };

    private void AddPieces(List<int> ids, string text)
    {
        foreach (EncodedToken piece in SentencePieceEncoding.EncodePieces(_pieces, text))
        {
            ids.Add(piece.Id);
        }
    }

    [GeneratedRegex("<extra_id_([0-9]+)>")]
    private static partial Regex ExtraIdPattern();
}
