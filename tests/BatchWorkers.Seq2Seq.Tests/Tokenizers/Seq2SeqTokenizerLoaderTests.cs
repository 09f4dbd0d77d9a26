using BatchWorkers.Seq2Seq.Tests.Support;
using BatchWorkers.Seq2Seq.Tokenizers;

namespace BatchWorkers.Seq2Seq.Tests.Tokenizers;

public sealed class Seq2SeqTokenizerLoaderTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Load_MarianFolder_ReturnsMarianTokenizer()
    {
        TokenizerFixtures.WriteMarian(_folder.Path);

        Assert.IsType<MarianTokenizer>(Seq2SeqTokenizerLoader.Load(_folder.Path));
    }

    [Fact]
    public void Load_BartFolder_ReturnsBartTokenizer()
    {
        ByteLevelBpeFixture.Write(_folder.Path);

        Assert.IsType<BartTokenizer>(Seq2SeqTokenizerLoader.Load(_folder.Path));
    }

    [Fact]
    public void Load_T5Folder_ReturnsT5Tokenizer()
    {
        TokenizerFixtures.WriteT5(_folder.Path);

        Assert.IsType<T5Tokenizer>(Seq2SeqTokenizerLoader.Load(_folder.Path));
    }

    [Theory]
    [InlineData("marian", ModelFamily.Marian)]
    [InlineData("bart", ModelFamily.Bart)]
    [InlineData("t5", ModelFamily.T5)]
    public void Detect_ModelType_WinsOverFiles(string modelType, ModelFamily expected)
    {
        _folder.Write("config.json", $$"""{ "model_type": "{{modelType}}", "d_model": 512 }""");
        _folder.Write("spiece.model", string.Empty);

        Assert.Equal(expected, ModelFamilyDetector.Detect(_folder.Path));
    }

    [Theory]
    [InlineData("source.spm", ModelFamily.Marian)]
    [InlineData("spiece.model", ModelFamily.T5)]
    [InlineData("merges.txt", ModelFamily.Bart)]
    public void Detect_NoConfig_GoesByTokenizerFiles(string file, ModelFamily expected)
    {
        _folder.Write(file, string.Empty);

        Assert.Equal(expected, ModelFamilyDetector.Detect(_folder.Path));
    }

    [Fact]
    public void Detect_UnsupportedModelType_ThrowsNamingIt()
    {
        _folder.Write("config.json", """{ "model_type": "pegasus" }""");

        var error = Assert.Throws<NotSupportedException>(() => ModelFamilyDetector.Detect(_folder.Path));
        Assert.Contains("pegasus", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_NothingToGoBy_ThrowsListingTheFilesLookedFor()
    {
        var error = Assert.Throws<FileNotFoundException>(() => ModelFamilyDetector.Detect(_folder.Path));

        Assert.Contains("source.spm", error.Message, StringComparison.Ordinal);
        Assert.Contains("merges.txt", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("marian", "source.spm")]
    [InlineData("bart", "merges.txt")]
    [InlineData("t5", "spiece.model")]
    public void Load_MissingTokenizerFile_ThrowsNamingTheFile(string modelType, string missing)
    {
        _folder.Write("config.json", $$"""{ "model_type": "{{modelType}}" }""");
        _folder.Write("vocab.json", "{}");

        var error = Assert.Throws<FileNotFoundException>(() => Seq2SeqTokenizerLoader.Load(_folder.Path));
        Assert.Contains($"'{missing}'", error.Message, StringComparison.Ordinal);
        Assert.Equal(_folder.File(missing), error.FileName);
    }

    [Fact]
    public void Load_MissingFolder_ThrowsDirectoryNotFound() =>
        Assert.Throws<DirectoryNotFoundException>(() => Seq2SeqTokenizerLoader.Load(_folder.File("nope")));

    [Fact]
    public void Load_CorruptSentencePieceModel_ThrowsInvalidDataNamingTheFile()
    {
        _folder.Write("config.json", """{ "model_type": "t5" }""");
        File.WriteAllBytes(_folder.File("spiece.model"), [0xFF, 0xFF, 0xFF]);

        var error = Assert.Throws<InvalidDataException>(() => Seq2SeqTokenizerLoader.Load(_folder.Path));
        Assert.Contains("spiece.model", error.Message, StringComparison.Ordinal);
    }
}
