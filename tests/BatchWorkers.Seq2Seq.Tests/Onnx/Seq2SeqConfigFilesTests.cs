using BatchWorkers.Onnx.Transformers;
using BatchWorkers.Seq2Seq.Generation;
using BatchWorkers.Seq2Seq.Onnx;
using BatchWorkers.Seq2Seq.Tests.Onnx.Support;
using BatchWorkers.Seq2Seq.Tests.Support;
using BatchWorkers.Seq2Seq.Tokenizers;
using static BatchWorkers.Seq2Seq.Tests.Onnx.Support.TinySeq2SeqFixture;

namespace BatchWorkers.Seq2Seq.Tests.Onnx;

/// <summary>An exported folder completed with config files reads like a Hugging Face download.</summary>
[Collection(TinySeq2SeqCollection.Name)]
public sealed class Seq2SeqConfigFilesTests(TinySeq2SeqFixture fixture)
{
    [Fact]
    public void Write_MarianTokens_LoadAsTheModelsFamilyAndGenerationDefaults()
    {
        using var folder = new TempDirectory();
        Seq2SeqConfigFiles.Write(folder.Path, fixture.Weights.Shape, Seq2SeqSpecialTokens.Marian(Pad + 1), maxLength: 10);

        GenerationConfig config = GenerationConfigLoader.Load(folder.Path);

        Assert.Equal(ModelFamily.Marian, ModelFamilyDetector.Detect(folder.Path));
        Assert.Equal(Pad, config.DecoderStartTokenId);
        Assert.Equal(Pad, config.PadTokenId);
        Assert.Equal([Eos], config.EosTokenIds);
        Assert.Equal([Eos], config.ForcedEosTokenIds);
        Assert.Equal([Pad], Assert.Single(config.BadWordsIds));
        Assert.Equal(10, config.MaxLength);
    }

    [Fact]
    public void ExportedFolder_LoadedDefaults_GenerateEndingInEosWithoutPad()
    {
        using var folder = new TempDirectory();
        Seq2SeqExporter.WriteFolder(folder.Path, fixture.Weights, Seq2SeqExportLayout.Merged);
        Seq2SeqConfigFiles.Write(folder.Path, fixture.Weights.Shape, Seq2SeqSpecialTokens.Marian(Pad + 1), maxLength: 10);
        GenerationConfig config = GenerationConfigLoader.Load(folder.Path);
        using Seq2SeqOnnxModel model = fixture.Load(folder.Path);

        using OnnxDecoderSession session = model.StartDecoding(Sources, config.PadTokenId!.Value, DecoderCacheMode.Auto, CancellationToken.None);
        IReadOnlyList<GeneratedSequence> results = SequenceGenerator.Generate(session, config, CancellationToken.None);

        // forced_eos closes even the sequences that would run on: every output ends in EOS, none holds pad.
        Assert.All(results, result => Assert.Equal(Eos, result.TokenIds[^1]));
        Assert.All(results, result => Assert.DoesNotContain(Pad, result.TokenIds));
        Assert.Contains(results, result => result.TokenIds.Count == 9);
    }
}
