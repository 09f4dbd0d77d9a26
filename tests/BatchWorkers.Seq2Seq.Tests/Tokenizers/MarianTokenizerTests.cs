using BatchWorkers.Seq2Seq.Tests.Support;
using BatchWorkers.Seq2Seq.Tokenizers;

namespace BatchWorkers.Seq2Seq.Tests.Tokenizers;

public sealed class MarianTokenizerTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly TokenizerFixtures.MarianVocabulary _vocab;
    private readonly MarianTokenizer _tokenizer;

    public MarianTokenizerTests()
    {
        _vocab = TokenizerFixtures.WriteMarian(_folder.Path);
        _tokenizer = MarianTokenizer.Load(_folder.File("source.spm"), _folder.File("vocab.json"));
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Encode_Text_MapsPiecesThroughVocabJsonAndAppendsEos()
    {
        IReadOnlyList<int> ids = _tokenizer.Encode("Hello world!");

        // vocab.json ids, not SentencePiece's (where ▁Hello is 3 and </s> is 2).
        Assert.Equal([_vocab["▁Hello"], _vocab["▁world"], _vocab["!"], _vocab["</s>"]], ids);
        Assert.Equal(0, _tokenizer.EosTokenId);
    }

    [Fact]
    public void Encode_LeadingLanguageCode_IsItsOwnToken()
    {
        IReadOnlyList<int> ids = _tokenizer.Encode(">>de<< Hello world");

        Assert.Equal([_vocab[">>de<<"], _vocab["▁Hello"], _vocab["▁world"], _vocab["</s>"]], ids);
    }

    [Fact]
    public void Encode_UnknownLanguageCode_ThrowsNamingSupportedCodes()
    {
        var error = Assert.Throws<ArgumentException>(() => _tokenizer.Encode(">>xx<< Hello"));

        Assert.Contains(">>xx<<", error.Message, StringComparison.Ordinal);
        Assert.Contains(">>de<<, >>fr<<", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_PieceMissingFromVocabJson_BecomesUnk()
    {
        IReadOnlyList<int> ids = _tokenizer.Encode("the cat");

        Assert.Equal([_vocab["▁the"], _vocab["<unk>"], _vocab["</s>"]], ids);
    }

    [Fact]
    public void Encode_RunOfUnknownCharacters_BecomesOneUnk()
    {
        // SentencePiece merges 漢字 into one unknown piece; Microsoft.ML.Tokenizers alone would give two.
        IReadOnlyList<int> ids = _tokenizer.Encode("Hello 漢字 world");

        Assert.Equal([_vocab["▁Hello"], _vocab["▁"], _vocab["<unk>"], _vocab["▁world"], _vocab["</s>"]], ids);
    }

    [Fact]
    public void Encode_EmptyText_IsJustEos() => Assert.Equal([_vocab["</s>"]], _tokenizer.Encode(string.Empty));

    [Fact]
    public void Decode_GeneratedIds_DropsSpecialTokensAndRestoresSpaces()
    {
        int pad = _tokenizer.PadTokenId;
        int[] generated = [pad, _vocab["▁Hello"], _vocab["▁world"], _vocab["!"], _vocab["<unk>"], _vocab["</s>"], pad, pad];

        Assert.Equal("Hello world!", _tokenizer.Decode(generated));
    }

    [Theory]
    [InlineData("Hello world!")]
    [InlineData("Grüße, Welt!")]
    [InlineData("Ça va?")]
    [InlineData("Schöne Grüße: Élan.")]
    public void DecodeEncode_MultilingualText_RoundTrips(string text) =>
        Assert.Equal(text, _tokenizer.Decode(_tokenizer.Encode(text)));

    [Fact]
    public void DecodeEncode_ExtraWhitespace_CollapsesLikeSentencePiece() =>
        Assert.Equal("Hello world", _tokenizer.Decode(_tokenizer.Encode("  Hello    world  ")));

    [Fact]
    public void SpecialIds_FollowMarianConventions()
    {
        Assert.Equal(_vocab.Count - 1, _tokenizer.PadTokenId);
        Assert.Equal(_tokenizer.PadTokenId, _tokenizer.DecoderStartTokenId);
        Assert.Equal(_vocab.Count, _tokenizer.VocabSize);
        Assert.Equal(1, _tokenizer.UnknownTokenId);
    }
}
