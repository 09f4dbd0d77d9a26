using BatchWorkers.Onnx.Tokenizers;
using BatchWorkers.Seq2Seq.Tests.Support;
using BatchWorkers.Seq2Seq.Tokenizers;
using Microsoft.ML.Tokenizers;

namespace BatchWorkers.Seq2Seq.Tests.Tokenizers;

public sealed class SentencePieceModelFileTests : IDisposable
{
    private static readonly SentencePieceModelWriter.SpecialIds T5Ids = new(Unknown: 2, Bos: -1, Eos: 1, Pad: 0);

    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Write(SentencePieceModelWriter.SpecialIds ids, int modelType = SentencePieceModelWriter.UnigramModel, bool withNormalizerSpec = true)
    {
        string path = _folder.File("model.spm");
        (string, float, int)[] pieces =
        [
            ("<pad>", 0f, SentencePieceModelWriter.Control),
            ("</s>", 0f, SentencePieceModelWriter.Control),
            ("<unk>", 0f, SentencePieceModelWriter.Unknown),
            .. TokenizerFixtures.NormalPieces(),
        ];
        SentencePieceModelWriter.Write(path, pieces, ids, modelType, withNormalizerSpec);
        return path;
    }

    [Fact]
    public void CreateTokenizer_BosMinusOne_BorrowsEosAndNeverEmitsIt()
    {
        SentencePieceModelFile model = SentencePieceModelFile.Read(Write(T5Ids));

        SentencePieceTokenizer tokenizer = model.CreateTokenizer(addEndOfSentence: false);

        Assert.Equal(-1, model.BosId);
        Assert.Equal(1, tokenizer.BeginningOfSentenceId);
        Assert.Equal(TokenizerFixtures.Words.ToList().IndexOf("▁Hello") + 3, Assert.Single(tokenizer.EncodeToIds("Hello")));
    }

    [Fact]
    public void CreateTokenizer_NoNormalizerSpec_LoadsWithDefaults()
    {
        string path = Write(T5Ids with { Bos = 1 }, withNormalizerSpec: false);
        using (FileStream raw = File.OpenRead(path))
        {
            // The gap being worked around.
            Assert.Throws<NullReferenceException>(() => SentencePieceTokenizer.Create(raw, false, false));
        }

        SentencePieceTokenizer tokenizer = SentencePieceModelFile.Read(path).CreateTokenizer(addEndOfSentence: false);

        Assert.Equal("Hello world", tokenizer.Decode(tokenizer.EncodeToIds("Hello world")));
    }

    [Fact]
    public void Read_WordModel_ThrowsNotSupported()
    {
        var error = Assert.Throws<NotSupportedException>(
            () => SentencePieceModelFile.Read(Write(T5Ids, SentencePieceModelWriter.WordModel)));

        Assert.Contains("unigram", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ReportsPiecesAndSpecialIds()
    {
        SentencePieceModelFile model = SentencePieceModelFile.Read(Write(T5Ids));

        Assert.Equal("<unk>", model.Pieces[model.UnknownId]);
        Assert.Equal("</s>", model.Pieces[model.EosId]);
        Assert.Equal("<pad>", model.Pieces[model.PadId]);
    }
}
