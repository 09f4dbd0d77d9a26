using System.Text.Json;
using BatchWorkers.Onnx.Samples;
using BatchWorkers.Onnx.Tests.Reference;
using BatchWorkers.Onnx.Tests.Support;
using Microsoft.ML.OnnxRuntime;

namespace BatchWorkers.Onnx.Tests.Samples;

public sealed class SampleModelsTests
{
    [Theory]
    [InlineData(255, 0, 0, 0)]
    [InlineData(0, 255, 0, 1)]
    [InlineData(0, 0, 255, 2)]
    [InlineData(140, 30, 40, 0)] // dark red
    [InlineData(90, 200, 110, 1)] // muted green
    [InlineData(60, 70, 160, 2)] // dull blue
    public void ColourClassifier_SolidColour_PredictsItWithHighProbability(int r, int g, int b, int label)
    {
        var pixels = ColourImages.Solid(r, g, b);

        var probabilities = Ort.RunSingle(SampleModels.ColourClassifierOnnx(), ("pixel_values", pixels));

        Assert.Equal([1, 3], probabilities.Shape);
        Assert.Equal(label, Array.IndexOf(probabilities.Data, probabilities.Data.Max()));
        Assert.True(probabilities.Data[label] > 0.8f, $"p({SampleModels.ColourLabels[label]}) = {probabilities.Data[label]}");
    }

    [Fact]
    public void ColourClassifier_NoisyBatchOfRedGreenBlue_PredictsEachWithHighProbability()
    {
        var rng = new Random(91);
        var batch = ColourImages.Batch(
            ColourImages.Noisy(rng, 0), ColourImages.Noisy(rng, 1), ColourImages.Noisy(rng, 2));

        var probabilities = Ort.RunSingle(SampleModels.ColourClassifierOnnx(), ("pixel_values", batch));

        Assert.Equal([3, 3], probabilities.Shape);
        for (var label = 0; label < 3; label++)
        {
            var p = probabilities.Data[label * 3 + label];
            Assert.True(p > 0.8f, $"image {label}: p({SampleModels.ColourLabels[label]}) = {p}");
        }
    }

    [Fact]
    public void WriteColourClassifier_EmptyFolder_WritesHuggingFaceLayout()
    {
        var folder = Path.Combine(Path.GetTempPath(), "bw-colour-" + Guid.NewGuid().ToString("N"));
        try
        {
            SampleModels.WriteColourClassifier(folder);

            Assert.Equal(SampleModels.ColourClassifierOnnx(), File.ReadAllBytes(Path.Combine(folder, "model.onnx")));
            using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "config.json")));
            var id2label = config.RootElement.GetProperty("id2label");
            Assert.Equal(["red", "green", "blue"], new[] { "0", "1", "2" }.Select(id => id2label.GetProperty(id).GetString()));
            Assert.Equal(2, config.RootElement.GetProperty("label2id").GetProperty("blue").GetInt32());
            Assert.Contains("placeholder", config.RootElement.GetProperty("batchworkers_note").GetString(), StringComparison.OrdinalIgnoreCase);

            using var preprocessor = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "preprocessor_config.json")));
            var root = preprocessor.RootElement;
            Assert.True(root.GetProperty("do_resize").GetBoolean());
            Assert.Equal(32, root.GetProperty("size").GetProperty("height").GetInt32());
            Assert.Equal(32, root.GetProperty("size").GetProperty("width").GetInt32());
            Assert.Equal(2, root.GetProperty("resample").GetInt32());
            Assert.Equal(1.0 / 255, root.GetProperty("rescale_factor").GetDouble(), 12);
            Assert.Equal([0.5, 0.5, 0.5], root.GetProperty("image_mean").EnumerateArray().Select(v => v.GetDouble()));
            Assert.Equal([0.5, 0.5, 0.5], root.GetProperty("image_std").EnumerateArray().Select(v => v.GetDouble()));
            Assert.False(root.GetProperty("do_center_crop").GetBoolean());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ColourClassifierOnnx_Metadata_SaysOutputHoldsProbabilities()
    {
        using var session = new InferenceSession(SampleModels.ColourClassifierOnnx());

        Assert.Equal("probabilities", session.ModelMetadata.CustomMetadataMap["output_kind"]);
        Assert.Equal([-1, 3, 32, 32], session.InputMetadata["pixel_values"].Dimensions);
    }
}
