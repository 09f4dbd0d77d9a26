using BatchWorkers.Seq2Seq.Tests.Support;
using BatchWorkers.Seq2Seq.Tokenizers;

namespace BatchWorkers.Seq2Seq.Tests.Tokenizers;

public sealed class BartTokenizerTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly IReadOnlyDictionary<string, int> _vocab;
    private readonly BartTokenizer _tokenizer;

    public BartTokenizerTests()
    {
        _vocab = ByteLevelBpeFixture.Write(_folder.Path);
        // Loading at all shows the "#version" header of merges.txt was skipped: as a merge it names no tokens.
        _tokenizer = BartTokenizer.Load(_folder.File("vocab.json"), _folder.File("merges.txt"));
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Encode_Text_WrapsInBosAndEosWithSpaceAsG()
    {
        IReadOnlyList<int> ids = _tokenizer.Encode("Hello world");

        Assert.Equal([0, _vocab["Hello"], _vocab["Ġworld"], 2], ids);
    }

    [Fact]
    public void Encode_DoubleSpace_KeepsTheExtraSpaceAsItsOwnToken() =>
        Assert.Equal([0, _vocab["Hello"], _vocab["Ġ"], _vocab["Ġworld"], 2], _tokenizer.Encode("Hello  world"));

    [Fact]
    public void Decode_GeneratedIds_DropsSpecialTokens()
    {
        int[] generated = [2, 0, _vocab["Hello"], _vocab["<mask>"], _vocab["Ġworld"], 3, 2, 1, 1];

        Assert.Equal("Hello world", _tokenizer.Decode(generated));
    }

    [Theory]
    [InlineData("Hello world")]
    [InlineData(" Hello  world ")]
    [InlineData("Grüße, Welt! Ça va?")]
    [InlineData("你好，世界 👋")]
    public void DecodeEncode_AnyText_RoundTripsByteForByte(string text) =>
        Assert.Equal(text, _tokenizer.Decode(_tokenizer.Encode(text)));

    [Fact]
    public void SpecialIds_FollowBartConventions()
    {
        Assert.Equal(1, _tokenizer.PadTokenId);
        Assert.Equal(2, _tokenizer.EosTokenId);
        Assert.Equal(3, _tokenizer.UnknownTokenId);
        Assert.Equal(2, _tokenizer.DecoderStartTokenId);
        Assert.Equal(_vocab.Count, _tokenizer.VocabSize);
    }
}
