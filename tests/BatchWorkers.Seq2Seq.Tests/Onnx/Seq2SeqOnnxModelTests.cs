using BatchWorkers.Onnx;
using BatchWorkers.Onnx.Protos;
using BatchWorkers.Onnx.Transformers;
using BatchWorkers.Seq2Seq.Generation;
using BatchWorkers.Seq2Seq.Onnx;
using BatchWorkers.Seq2Seq.Tests.Onnx.Support;
using BatchWorkers.Seq2Seq.Tests.Support;
using static BatchWorkers.Seq2Seq.Tests.Onnx.Support.TinySeq2SeqFixture;

namespace BatchWorkers.Seq2Seq.Tests.Onnx;

/// <summary>Finding and opening a model folder's files: layouts, subfolders, suffixes and what is refused.</summary>
[Collection(TinySeq2SeqCollection.Name)]
public sealed class Seq2SeqOnnxModelTests(TinySeq2SeqFixture fixture)
{
    [Fact]
    public void Load_MergedAndSplitFilesPresent_AutoPicksMerged()
    {
        using Seq2SeqOnnxModel model = fixture.Load(fixture.Folder);

        Assert.Equal(DecoderLayout.Merged, model.Layout);
        Assert.True(model.SupportsCache);
        Assert.Equal(2, model.DecoderLayers);
    }

    [Fact]
    public void Load_SplitExport_AutoPicksSplitWithCache()
    {
        using var folder = new TempDirectory();
        Seq2SeqExporter.WriteFolder(folder.Path, fixture.Weights, Seq2SeqExportLayout.Split);

        using Seq2SeqOnnxModel model = fixture.Load(folder.Path);

        Assert.Equal(DecoderLayout.Split, model.Layout);
        Assert.True(model.SupportsCache);
    }

    [Fact]
    public void Load_FilesInOnnxSubfolderWithSuffix_FindsThemAsTransformersJsShipsThem()
    {
        using var folder = new TempDirectory();
        string onnx = Path.Combine(folder.Path, "onnx");
        Seq2SeqExporter.WriteFolder(onnx, fixture.Weights, Seq2SeqExportLayout.Merged);
        foreach (string file in Directory.GetFiles(onnx))
        {
            File.Move(file, Path.Combine(onnx, Path.GetFileNameWithoutExtension(file) + "_quantized.onnx"));
        }

        using Seq2SeqOnnxModel model = Seq2SeqOnnxModel.Load(folder.Path, new Seq2SeqOnnxOptions { FileSuffix = "_quantized" });

        Assert.Equal(onnx, model.OnnxDirectory);
        Assert.Equal(DecoderLayout.Merged, model.Layout);
    }

    [Fact]
    public void Load_ExportWithoutPast_DecodesUncachedWithTheSameTokens()
    {
        using var folder = new TempDirectory();
        Seq2SeqExporter.WriteFolder(folder.Path, fixture.Weights, Seq2SeqExportLayout.WithoutCache);
        using Seq2SeqOnnxModel model = fixture.Load(folder.Path);
        GenerationConfig config = Greedy with { NumBeams = 2 };

        using OnnxDecoderSession fallback = model.StartDecoding(Sources, Pad, DecoderCacheMode.Auto, CancellationToken.None);
        using OnnxDecoderSession cached = fixture.Merged.StartDecoding(Sources, Pad, DecoderCacheMode.Cached, CancellationToken.None);

        Assert.Equal(DecoderLayout.WithoutCache, model.Layout);
        Assert.False(model.SupportsCache);
        Assert.Equal(DecoderCacheMode.Uncached, fallback.CacheMode);
        Assert.Equal(
            SequenceGenerator.Generate(cached, config, CancellationToken.None).Select(sequence => sequence.TokenIds),
            SequenceGenerator.Generate(fallback, config, CancellationToken.None).Select(sequence => sequence.TokenIds));
    }

    [Fact]
    public void StartDecoding_CachedOnExportWithoutPast_ThrowsNotSupported()
    {
        using var folder = new TempDirectory();
        Seq2SeqExporter.WriteFolder(folder.Path, fixture.Weights, Seq2SeqExportLayout.WithoutCache);
        using Seq2SeqOnnxModel model = fixture.Load(folder.Path);

        Assert.Throws<NotSupportedException>(() => model.StartDecoding(Sources, Pad, DecoderCacheMode.Cached, CancellationToken.None));
    }

    [Fact]
    public void Load_NoEncoder_ThrowsFileNotFoundNamingIt()
    {
        using var folder = new TempDirectory();

        var error = Assert.Throws<FileNotFoundException>(() => fixture.Load(folder.Path));

        Assert.Contains("encoder_model.onnx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SplitRequestedWithoutDecoderWithPast_ThrowsNamingTheMissingFile()
    {
        using var folder = new TempDirectory();
        Seq2SeqExporter.WriteFolder(folder.Path, fixture.Weights, Seq2SeqExportLayout.Merged);

        var error = Assert.Throws<FileNotFoundException>(() => fixture.Load(folder.Path, DecoderLayout.Split));

        Assert.Contains("decoder_model.onnx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DecoderWithAnInputTheRunnerCannotFeed_ThrowsNotSupportedNamingIt()
    {
        using var folder = new TempDirectory();
        Seq2SeqExporter.Encoder(fixture.Weights).Save(folder.File(Seq2SeqExporter.EncoderFileName));
        var decoder = new OnnxModelBuilder("decoder", Seq2SeqExporter.OpsetVersion);
        decoder.Graph.AddInt64Input("input_ids", "batch_size", "decoder_sequence_length");
        decoder.Graph.AddInt64Input("decoder_attention_mask", "batch_size", "decoder_sequence_length");
        decoder.Graph.Cast(decoder.Graph.Add("input_ids", "decoder_attention_mask", "sum"), "logits", TensorProto.Types.DataType.Float);
        decoder.Graph.AddFloatOutput("logits");
        decoder.Save(folder.File(Seq2SeqExporter.DecoderFileName));

        var error = Assert.Throws<NotSupportedException>(() => fixture.Load(folder.Path));

        Assert.Contains("'decoder_attention_mask'", error.Message, StringComparison.Ordinal);
    }
}
