using System.Text.RegularExpressions;
using BatchWorkers.Seq2Seq.Tests.Support;
using BatchWorkers.Seq2Seq.Tokenizers;
using Microsoft.ML.Tokenizers;

namespace BatchWorkers.Seq2Seq.Tests.Tokenizers;

/// <summary>
/// The project's tokenizers on models trained by Google's spm_train (Fixtures/tokenizers, made by
/// scripts/fixtures/train-tokenizers.sh), checked against spm_encode and spm_decode on multilingual sentences,
/// some with characters outside the vocabulary.
/// </summary>
public sealed partial class TrainedSentencePieceTests
{
    private const string Whitespace = "\u2581";

    private static readonly MarianTokenizer Marian =
        MarianTokenizer.Load(SpmReference.File("marian", "source.spm"), SpmReference.File("marian", "vocab.json"));

    private static readonly SentencePieceModelFile MarianModel = SentencePieceModelFile.Read(SpmReference.File("marian", "source.spm"));

    private static readonly Dictionary<string, int> MarianVocab = VocabularyFile.Read(SpmReference.File("marian", "vocab.json"));

    private static readonly SentencePieceTokenizer MarianSource = MarianModel.CreateTokenizer(addEndOfSentence: false);

    private static readonly T5Tokenizer T5 = T5Tokenizer.Load(SpmReference.File("t5", "spiece.model"));

    private static readonly SentencePieceModelFile T5Model = SentencePieceModelFile.Read(SpmReference.File("t5", "spiece.model"));

    private static readonly SentencePieceTokenizer T5Source = T5Model.CreateTokenizer(addEndOfSentence: false);

    private static readonly SentencePieceModelFile BpeModel = SentencePieceModelFile.Read(SpmReference.File("bpe", "bpe.model"));

    private static readonly SentencePieceTokenizer Bpe = BpeModel.CreateTokenizer(addEndOfSentence: false);

    public static TheoryData<string> Sentences => [.. SpmReference.Read("t5").Select(row => row.Text)];

    public static TheoryData<string> SentencesTheCharsmapKeeps =>
        [.. SpmReference.Read("bpe").Where(row => !RewrittenByCharsmap(row)).Select(row => row.Text)];

    public static TheoryData<string> SentencesTheCharsmapRewrites =>
        [.. SpmReference.Read("bpe").Where(RewrittenByCharsmap).Select(row => row.Text)];

    public static TheoryData<string> SentencesWithUnknowns =>
        [.. SpmReference.Read("t5").Where(row => row.Ids.Contains(T5.UnknownTokenId)).Select(row => row.Text)];

    private static SpmReference Reference(string model, string text) =>
        SpmReference.Read(model).Single(row => row.Text == text);

    /// <summary>Whether the model's NFKC-subset rules changed the text, beyond collapsing spaces.</summary>
    private static bool RewrittenByCharsmap(SpmReference row) =>
        string.Concat(row.Pieces).Replace(Whitespace, " ", StringComparison.Ordinal).Trim()
            != Spaces().Replace(row.Text, " ").Trim();

    [Theory]
    [MemberData(nameof(Sentences))]
    public void MarianEncode_TrainedModel_GivesSpmPiecesThroughVocabJsonAndEos(string text)
    {
        SpmReference reference = Reference("marian", text);

        // SentencePiece id → piece → vocab.json id; spm's <unk> (0) is "<unk>" (1) there.
        int[] expected = [.. reference.Ids.Select(id => MarianVocab[MarianModel.Pieces[id]]), Marian.EosTokenId];
        Assert.Equal(expected, Marian.Encode(text));
    }

    [Theory]
    [MemberData(nameof(Sentences))]
    public void T5Encode_TrainedModel_GivesSpmIdsAndEos(string text) =>
        Assert.Equal([.. Reference("t5", text).Ids, T5.EosTokenId], T5.Encode(text));

    [Theory]
    [MemberData(nameof(Sentences))]
    public void UnigramEncodePieces_TrainedModels_GiveSpmPieces(string text)
    {
        Assert.Equal(Reference("marian", text).Pieces, PieceValues(MarianSource, text));
        Assert.Equal(Reference("t5", text).Pieces, PieceValues(T5Source, text));
    }

    [Theory]
    [MemberData(nameof(Sentences))]
    public void MarianDecode_TrainedModel_GivesSpmDecodeWithoutUnkTrimmed(string text) =>
        // transformers' MarianTokenizer strips the decoded text.
        Assert.Equal(Reference("marian", text).DecodedWithoutUnknown.Trim(), Marian.Decode(Marian.Encode(text)));

    [Theory]
    [MemberData(nameof(Sentences))]
    public void T5Decode_TrainedModel_GivesSpmDecodeWithoutUnk(string text) =>
        Assert.Equal(Reference("t5", text).DecodedWithoutUnknown, T5.Decode(T5.Encode(text)));

    [Theory]
    [MemberData(nameof(SentencesWithUnknowns))]
    public void Decode_CharactersOutsideTheVocabulary_AreDroppedWhereSpmDecodeShowsThem(string text)
    {
        SpmReference t5 = Reference("t5", text);

        // spm_decode renders <unk> as " ⁇ "; the tokenizers drop it, as transformers' skip_special_tokens does.
        Assert.Contains(" \u2047 ", t5.Decoded, StringComparison.Ordinal);
        Assert.Contains(T5.UnknownTokenId, T5.Encode(text));
        Assert.Contains(Marian.UnknownTokenId, Marian.Encode(text));
        Assert.DoesNotContain('\u2047', T5.Decode(T5.Encode(text)));
        Assert.Equal(t5.DecodedWithoutUnknown, T5.Decode(T5.Encode(text)));
    }

    [Fact]
    public void Encode_EmojiAndCjk_BecomeOneUnkPerRun()
    {
        const string text = "Emoji 😀 and CJK 漢字 are unknown.";

        Assert.Equal(2, T5.Encode(text).Count(id => id == T5.UnknownTokenId));
        Assert.Equal(2, Marian.Encode(text).Count(id => id == Marian.UnknownTokenId));
        Assert.Equal("Emoji  and CJK  are unknown.", T5.Decode(T5.Encode(text)));
        Assert.Equal("Emoji  and CJK  are unknown.", Marian.Decode(Marian.Encode(text)));
    }

    [Theory]
    [MemberData(nameof(SentencesTheCharsmapKeeps))]
    public void BpeEncode_TrainedModel_GivesSpmIds(string text) =>
        Assert.Equal(Reference("bpe", text).Ids, PieceIds(Bpe, text));

    [Theory]
    [MemberData(nameof(SentencesTheCharsmapKeeps))]
    public void BpeEncodePieces_TrainedModel_GivesSpmPiecesButUnkForUnknownText(string text)
    {
        SpmReference reference = Reference("bpe", text);

        // Known difference: a BPE <unk> token's value is "<unk>" per character, not the text it covers as with unigram.
        string[] expected = [.. reference.Pieces.Select((piece, i) => reference.Ids[i] == BpeModel.UnknownId
            ? string.Concat(Enumerable.Repeat("<unk>", piece.EnumerateRunes().Count()))
            : piece)];
        Assert.Equal(expected, PieceValues(Bpe, text));
    }

    [Theory]
    [MemberData(nameof(SentencesTheCharsmapRewrites))]
    public void BpeEncode_TextTheCharsmapRewrites_IsNotNormalizedByMicrosoftMLTokenizers(string text)
    {
        // Known gap: Microsoft.ML.Tokenizers 2.0.1 ignores a BPE model's precompiled_charsmap (unigram models get it,
        // see the tests above), so full-width forms, ligatures, odd spaces and combining accents stay as they are.
        // No supported family uses SentencePiece BPE; if this fails, the gap is fixed: move the rows above.
        Bpe.EncodeToTokens(text, out string? normalized, addBeginningOfSentence: false, addEndOfSentence: false);

        Assert.NotEqual(Reference("bpe", text).Ids, PieceIds(Bpe, text));
        string spacesOnly = Spaces().Replace(text, " ").Trim().Replace(" ", Whitespace, StringComparison.Ordinal);
        Assert.Equal(Whitespace + spacesOnly, normalized);
    }

    [Theory]
    [MemberData(nameof(SentencesTheCharsmapKeeps))]
    public void BpeDecode_TrainedModel_GivesSpmDecodeWithoutUnkButForLeadingSpaces(string text)
    {
        SpmReference reference = Reference("bpe", text);
        string decoded = Bpe.Decode(PieceIds(Bpe, text), considerSpecialTokens: false) ?? "";

        // Known difference (T5Tokenizer corrects it, raw SentencePieceTokenizer does not): spm strips the leading ▁
        // of every piece until one yields text, Microsoft.ML.Tokenizers only the first piece's.
        string[] kept = [.. reference.Pieces.Where((_, i) => reference.Ids[i] != BpeModel.UnknownId)];
        int bare = kept.TakeWhile(piece => piece == Whitespace).Count();
        bool nextHasWhitespace = bare < kept.Length && kept[bare].StartsWith(Whitespace, StringComparison.Ordinal);
        int extraSpaces = bare == 0 ? 0 : bare - 1 + (nextHasWhitespace ? 1 : 0);
        Assert.Equal(new string(' ', extraSpaces) + reference.DecodedWithoutUnknown, decoded);
    }

    [Fact]
    public void TrainedFiles_HaveEachFamilysSpecialIds()
    {
        Assert.Equal((0, 1, 2, -1), (MarianModel.UnknownId, MarianModel.BosId, MarianModel.EosId, MarianModel.PadId));
        Assert.Equal((0, 1, 2, -1), (T5Model.PadId, T5Model.EosId, T5Model.UnknownId, T5Model.BosId));
        Assert.Equal((0, 1, MarianVocab.Count - 1), (MarianVocab["</s>"], MarianVocab["<unk>"], MarianVocab["<pad>"]));
        Assert.Equal(MarianModel.Pieces.Count, Marian.VocabSize);
        Assert.Equal((0, 1, 2), (BpeModel.UnknownId, BpeModel.BosId, BpeModel.EosId));
    }

    [Fact]
    public void SentencePieceTokenizerCreate_TrainedT5Model_StillThrowsOnBosMinusOne()
    {
        // The gap T5Tokenizer works around, on a file spm_train wrote rather than one written by hand.
        using FileStream model = File.OpenRead(SpmReference.File("t5", "spiece.model"));

        Assert.Throws<IndexOutOfRangeException>(() => SentencePieceTokenizer.Create(model, false, false));
    }

    private static IEnumerable<string> PieceValues(SentencePieceTokenizer tokenizer, string text) =>
        SentencePieceEncoding.EncodePieces(tokenizer, text).Select(token => token.Value);

    private static IEnumerable<int> PieceIds(SentencePieceTokenizer tokenizer, string text) =>
        SentencePieceEncoding.EncodePieces(tokenizer, text).Select(token => token.Id);

    [GeneratedRegex(" +")]
    private static partial Regex Spaces();
}
