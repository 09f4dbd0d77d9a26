using BatchWorkers.Seq2Seq.Tests.Support;
using BatchWorkers.Seq2Seq.Tokenizers;

namespace BatchWorkers.Seq2Seq.Tests.Tokenizers;

/// <summary><see cref="ISeq2SeqTokenizer.TokenText"/>: each id's text keeps its word boundary, so the texts rejoin.</summary>
public sealed class TokenTextTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void TokenText_Marian_GivesEachPieceWithItsLeadingSpace()
    {
        TokenizerFixtures.WriteMarian(_folder.Path);
        var tokenizer = MarianTokenizer.Load(_folder.File("source.spm"), _folder.File("vocab.json"));

        string[] texts = [.. tokenizer.Encode(">>de<< Hello world!").Select(tokenizer.TokenText)];

        Assert.Equal([">>de<<", " Hello", " world", "!", "</s>"], texts);
        Assert.Equal("<pad>", tokenizer.TokenText(tokenizer.PadTokenId));
        Assert.Equal("", tokenizer.TokenText(tokenizer.VocabSize + 5));
        Assert.Equal("", tokenizer.TokenText(-1));
    }

    [Fact]
    public void TokenText_T5_GivesPiecesAndSentinels()
    {
        TokenizerFixtures.WriteT5(_folder.Path);
        var tokenizer = T5Tokenizer.Load(_folder.File("spiece.model"));

        string[] texts = [.. tokenizer.Encode("Hello the world.").Select(tokenizer.TokenText)];

        Assert.Equal([" Hello", " the", " world", ".", "</s>"], texts);
        Assert.Equal("<extra_id_0>", tokenizer.TokenText(tokenizer.ExtraTokenId(0)));
        Assert.Equal("<extra_id_99>", tokenizer.TokenText(tokenizer.ExtraTokenId(99)));
        Assert.Equal("", tokenizer.TokenText(tokenizer.VocabSize));
    }

    [Theory]
    [InlineData("Hello world")]
    [InlineData(" Hello  world, Good day!")]
    public void TokenText_Bart_RejoinsToTheText(string text)
    {
        ByteLevelBpeFixture.Write(_folder.Path);
        var tokenizer = BartTokenizer.Load(_folder.File("vocab.json"), _folder.File("merges.txt"));
        IReadOnlyList<int> ids = tokenizer.Encode(text);

        string[] texts = [.. ids.Select(tokenizer.TokenText)];

        Assert.Equal("<s>", texts[0]);
        Assert.Equal("</s>", texts[^1]);
        Assert.Equal(text, string.Concat(texts[1..^1]));
    }

    [Fact]
    public void TokenText_Bart_WordInitialTokenKeepsItsSpace()
    {
        IReadOnlyDictionary<string, int> vocabulary = ByteLevelBpeFixture.Write(_folder.Path);
        var tokenizer = BartTokenizer.Load(_folder.File("vocab.json"), _folder.File("merges.txt"));

        Assert.Equal(" world", tokenizer.TokenText(vocabulary["Ġworld"]));
        Assert.Equal("Hello", tokenizer.TokenText(vocabulary["Hello"]));
    }

    [Fact]
    public void TokenText_Bart_ByteOfASplitCharacterShowsAsReplacementCharacter()
    {
        ByteLevelBpeFixture.Write(_folder.Path);
        var tokenizer = BartTokenizer.Load(_folder.File("vocab.json"), _folder.File("merges.txt"));

        // The fixture has no merge for ü's two UTF-8 bytes: each is a token of its own, half a character.
        string[] texts = [.. tokenizer.Encode("ü").Select(tokenizer.TokenText)];

        Assert.Equal(["<s>", "\uFFFD", "\uFFFD", "</s>"], texts);
    }
}
