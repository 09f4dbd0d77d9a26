using System.Text.Json;
using BatchWorkers.Training.Datasets;
using BatchWorkers.Training.Evaluation;
using BatchWorkers.Training.Export;
using BatchWorkers.Training.Models;
using BatchWorkers.Training.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using Xunit.Abstractions;

namespace BatchWorkers.Training.Tests.Export;

[Collection(TorchCollection.Name)]
public sealed class OnnxClassifierExporterTests(TrainedShapesModel trained, ITestOutputHelper output)
{
    [Fact]
    public void Export_TrainedModel_MatchesTorchSharpOnTheHeldOutSet()
    {
        using var folder = new TemporaryDirectory();
        var exported = Export(trained.Model, folder.Path);

        var report = ExportParity.Verify(trained.Model, exported, trained.Data.HeldOut);

        output.WriteLine($"Max |TorchSharp − ONNX Runtime| = {report.MaxAbsDifference:G3} over {report.Images} images.");
        Assert.InRange(report.MaxAbsDifference, 0, 1e-4);
        Assert.Equal(trained.Data.HeldOut.Count, report.Images);
    }

    [Fact]
    public void Export_WithSoftmax_WritesProbabilitiesThatMatchTorchSharp()
    {
        using var folder = new TemporaryDirectory();
        var exported = Export(trained.Model, folder.Path, new ExportOptions { IncludeSoftmax = true });

        ExportParity.Verify(trained.Model, exported, trained.Data.HeldOut);

        using var session = new InferenceSession(exported.ModelPath);
        Assert.Equal("probabilities", session.ModelMetadata.CustomMetadataMap[OnnxClassifierExporter.OutputKindKey]);
        Assert.True(exported.OutputsProbabilities);
    }

    [Fact]
    public void Export_Folder_CarriesTheLabelsAndPreprocessingTheWorkerReads()
    {
        using var folder = new TemporaryDirectory();
        var exported = Export(trained.Model, folder.Path, new ExportOptions { Metadata = new Dictionary<string, string> { ["job_id"] = "42" } });

        using var config = JsonDocument.Parse(File.ReadAllText(exported.ConfigPath));
        using var preprocessor = JsonDocument.Parse(File.ReadAllText(exported.PreprocessorConfigPath));
        using var session = new InferenceSession(exported.ModelPath);

        var id2label = config.RootElement.GetProperty("id2label");
        Assert.Equal(["circle", "square", "triangle"], new[] { "0", "1", "2" }.Select(id => id2label.GetProperty(id).GetString()));
        Assert.Equal(32, preprocessor.RootElement.GetProperty("size").GetProperty("height").GetInt32());
        Assert.False(preprocessor.RootElement.GetProperty("do_center_crop").GetBoolean());
        Assert.Equal([0.5f, 0.5f, 0.5f], preprocessor.RootElement.GetProperty("image_mean").EnumerateArray().Select(v => v.GetSingle()));
        Assert.Equal([0.5f, 0.5f, 0.5f], preprocessor.RootElement.GetProperty("image_std").EnumerateArray().Select(v => v.GetSingle()));
        Assert.Equal("logits", session.ModelMetadata.CustomMetadataMap[OnnxClassifierExporter.OutputKindKey]);
        Assert.Equal("circle,square,triangle", session.ModelMetadata.CustomMetadataMap["labels"]);
        Assert.Equal("42", session.ModelMetadata.CustomMetadataMap["job_id"]);
        Assert.Equal(["pixel_values"], session.InputNames);
        Assert.Equal(["logits"], session.OutputNames);
    }

    [Fact]
    public void Export_ModelWithConvBiasAndLearnedStatistics_MatchesTorchSharp()
    {
        using var folder = new TemporaryDirectory();
        var data = ShapesDataset.Generate(new ShapesDatasetOptions { ImageSize = 16, TrainCount = 32, HeldOutCount = 16 });
        using var model = CompactCnn.Create(new CompactCnnOptions { ImageSize = 16, BlockChannels = [6, 12], ConvBias = true }, seed: 3);
        UpdateRunningStatistics(model, data.Train);

        var exported = Export(model, folder.Path);
        var report = ExportParity.Verify(model, exported, data.HeldOut);

        Assert.InRange(report.MaxAbsDifference, 0, 1e-4);
        Assert.NotNull(model.Blocks[0].Conv.bias);
    }

    [Fact]
    public void Verify_ModelChangedAfterExport_ThrowsWithTheMaxDifference()
    {
        using var folder = new TemporaryDirectory();
        var data = ShapesDataset.Generate(new ShapesDatasetOptions { ImageSize = 16, TrainCount = 8, HeldOutCount = 8 });
        using var model = CompactCnn.Create(new CompactCnnOptions { ImageSize = 16, BlockChannels = [4] }, seed: 4);
        var exported = Export(model, folder.Path);
        using (torch.no_grad())
        {
            model.Head.bias![1].add_(0.5f);
        }

        var error = Assert.Throws<ExportParityException>(() => ExportParity.Verify(model, exported, data.HeldOut));

        Assert.Equal(0.5, error.MaxAbsDifference, 4);
        Assert.Equal(ExportParity.DefaultTolerance, error.Tolerance);
    }

    [Fact]
    public void Evaluate_TrainedModelOnHeldOut_AgreesWithTheTrainersBestEpoch()
    {
        var probabilities = CompactCnnInference.Probabilities(trained.Model, trained.Data.HeldOut);

        var report = ClassificationEvaluator.Evaluate(probabilities, trained.Data.HeldOut.Labels, trained.Data.HeldOut.ClassNames);

        output.WriteLine(report.ToJson());
        // The returned model holds the best epoch's weights, so it scores exactly what that epoch scored.
        Assert.Equal(trained.Result.Best.HeldOutAccuracy, report.Accuracy, 9);
        Assert.Equal(trained.Data.HeldOut.Count, report.ConfusionMatrix.Sum(row => row.Sum()));
        Assert.InRange(report.ExpectedCalibrationError, 0, 1);
    }

    private static ExportedModel Export(CompactCnn model, string folder, ExportOptions? options = null) =>
        OnnxClassifierExporter.Export(model, ShapesDataset.ClassNames, ImageNormalization.Symmetric, folder, options);

    // A few train-mode passes move BatchNorm's running mean and variance away from 0 and 1, so export must copy them.
    private static void UpdateRunningStatistics(CompactCnn model, ImageDataset data)
    {
        model.train();
        using var noGrad = torch.no_grad();
        using var input = torch.tensor(data.Pixels.ToArray(), [data.Count, data.Channels, data.Height, data.Width]);
        for (var i = 0; i < 3; i++)
        {
            model.forward(input).Dispose();
        }

        model.eval();
    }
}
