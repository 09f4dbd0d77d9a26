using BatchWorkers.Cli;
using BatchWorkers.Cli.Commands.Models.Pull;

namespace BatchWorkers.Tests.Cli.Pull;

/// <summary>Which files of a hub repository <c>bw models pull</c> downloads.</summary>
public sealed class ExportSelectionTests
{
    [Fact]
    public void Choose_MergedAndSplitDecoders_TakesEncoderAndMergedDecoderOnly()
    {
        var chosen = Choose(null, "config.json", "README.md", "onnx/encoder_model.onnx", "onnx/decoder_model.onnx",
            "onnx/decoder_with_past_model.onnx", "onnx/decoder_model_merged.onnx", "onnx/encoder_model_quantized.onnx");

        Assert.Equal(["config.json", "onnx/encoder_model.onnx", "onnx/decoder_model_merged.onnx"], chosen);
    }

    [Fact]
    public void Choose_OptimumSplitExportAtTheRoot_TakesBothDecoders()
    {
        var chosen = Choose(null, "encoder_model.onnx", "decoder_model.onnx", "decoder_with_past_model.onnx", "merges.txt", "vocab.json");

        Assert.Equal(["encoder_model.onnx", "decoder_model.onnx", "decoder_with_past_model.onnx", "merges.txt", "vocab.json"], chosen);
    }

    [Fact]
    public void Choose_OnnxFolderAndRoot_PrefersTheOnnxFolder()
    {
        var chosen = Choose(null, "model.onnx", "onnx/model.onnx", "preprocessor_config.json");

        Assert.Equal(["onnx/model.onnx", "preprocessor_config.json"], chosen);
    }

    [Fact]
    public void Choose_ClassifierWithExternalData_TakesTheDataFiles()
    {
        var chosen = Choose("fp16", "onnx/model.onnx", "onnx/model_fp16.onnx", "onnx/model_fp16.onnx_data", "onnx/model.onnx_data", "config.json");

        Assert.Equal(["onnx/model_fp16.onnx", "onnx/model_fp16.onnx_data", "config.json"], chosen);
    }

    [Fact]
    public void Choose_VariantNotThere_NamesTheVariantsThatAre()
    {
        var error = Assert.Throws<CliException>(() => Choose("int8", "onnx/encoder_model.onnx", "onnx/decoder_model_merged.onnx",
            "onnx/encoder_model_quantized.onnx", "onnx/decoder_model_merged_quantized.onnx"));

        Assert.Contains("--variant int8", error.Message, StringComparison.Ordinal);
        Assert.Contains("the plain files (no --variant), --variant quantized", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_EncoderWithoutDecoder_Fails()
    {
        var error = Assert.Throws<CliException>(() => Choose(null, "onnx/encoder_model.onnx", "config.json"));

        Assert.Contains("no complete ONNX export", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_NoOnnxFiles_SaysHowToExport()
    {
        var error = Assert.Throws<CliException>(() => Choose(null, "config.json", "model.safetensors"));

        Assert.Contains("model.safetensors", error.Message, StringComparison.Ordinal);
        Assert.Contains("optimum-cli export onnx --model owner/repo", error.Message, StringComparison.Ordinal);
    }

    private static List<string> Choose(string? variant, params string[] paths)
    {
        var listing = new HubListing("0123456789abcdef0123456789abcdef01234567", [.. paths.Select(p => new HubFile(p, 10, null))]);
        return ExportSelection.Choose(listing, "owner/repo", "main", variant).Select(f => f.RFilename).ToList();
    }
}
