using System.Text.Json;
using BatchWorkers.Onnx.Protos;
using BatchWorkers.Training.Datasets;
using BatchWorkers.Training.Export;
using BatchWorkers.Training.Tests.Support;
using BatchWorkers.Training.Transfer;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace BatchWorkers.Training.Tests.Transfer;

[Collection(TorchCollection.Name)]
public sealed class TransferLearningTests(TrainedShapesModel trained, ITestOutputHelper output)
{
    private static readonly string[] RoundOrAngular = ["round", "angular"];

    [Fact]
    public void Run_RoundVersusAngular_GraftedModelIsAccurateAndMatchesFeaturesThroughTheHead()
    {
        using var folder = new TemporaryDirectory();
        // The base ends in Softmax, so the graft must also drop what came after the old head.
        var baseFolder = ExportBase(folder, includeSoftmax: true);
        var data = NewTask(trained.Data);

        var result = TransferLearning.Run(baseFolder, data, folder.Combine("grafted"), new HeadTrainingOptions { Seed = 7 });

        var accuracy = Relabelled.Accuracy(result.HeldOutProbabilities, data.HeldOut.Labels);
        output.WriteLine($"Held-out accuracy {accuracy:0.###}; parity {result.Parity.MaxAbsDifference:G3}; head epochs {result.EpochsRun} (best {result.BestEpoch}).");
        Assert.True(accuracy >= 0.9, $"Held-out accuracy {accuracy:0.###} is below 0.9.");
        Assert.InRange(result.Parity.MaxAbsDifference, 0, 1e-4);
        Assert.Equal(("features", 128), (result.FeatureTensor, result.FeatureCount));
    }

    [Fact]
    public void Run_GraftedFolder_LoadsInOrtWithPixelValuesInAndTwoLogitsOut()
    {
        using var folder = new TemporaryDirectory();
        var data = NewTask(trained.Data);
        var result = TransferLearning.Run(
            ExportBase(folder, includeSoftmax: false), data, folder.Combine("grafted"), new HeadTrainingOptions { Epochs = 5 });

        using var session = new InferenceSession(result.Exported.ModelPath);
        var pixels = data.HeldOut.Pixels[..(4 * data.HeldOut.ImageLength)].ToArray();
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, [4, 3, 32, 32]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["pixel_values"], [input], ["logits"]);
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(result.Exported.ModelPath));
        using var config = JsonDocument.Parse(File.ReadAllText(result.Exported.ConfigPath));

        Assert.Equal(["pixel_values"], session.InputNames);
        Assert.Equal(["logits"], session.OutputNames);
        Assert.Equal([4L, 2L], outputs[0].GetTensorTypeAndShape().Shape);
        Assert.Equal([-1, 2], session.OutputMetadata["logits"].Dimensions);
        Assert.Equal("logits", session.ModelMetadata.CustomMetadataMap[OnnxClassifierExporter.OutputKindKey]);
        Assert.Equal("round,angular", session.ModelMetadata.CustomMetadataMap["labels"]);
        Assert.DoesNotContain(model.Graph.Node, node => node.OpType == "Softmax");
        Assert.Single(model.Graph.Node, node => node.OpType == "Gemm");
        Assert.DoesNotContain(model.Graph.Initializer, tensor => tensor.Name == "head.weight");
        Assert.Equal("angular", config.RootElement.GetProperty("id2label").GetProperty("1").GetString());
        Assert.True(File.Exists(result.Exported.PreprocessorConfigPath));
    }

    [Fact]
    public void Extract_ExportedClassifier_GivesTheFlattenOutputThatTheBaseHeadReads()
    {
        using var folder = new TemporaryDirectory();
        using var extractor = OnnxFeatureExtractor.FromDirectory(ExportBase(folder, includeSoftmax: false));

        var features = extractor.Extract(trained.Data.HeldOut, batchSize: 50);

        // The base head applied to the extracted features must give the base model's own logits.
        var weight = trained.Model.Head.weight!.detach().cpu().data<float>().ToArray();
        var bias = trained.Model.Head.bias!.detach().cpu().data<float>().ToArray();
        var logits = Models.CompactCnnInference.Logits(trained.Model, trained.Data.HeldOut);
        Assert.Equal("Flatten", extractor.BaseModel.Graph.Node.Single(node => node.Output.Contains(extractor.FeatureTensor)).OpType);
        Assert.Equal(trained.Data.HeldOut.Count, features.Length);
        for (var i = 0; i < features.Length; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                var value = bias[c] + features[i].Select((f, k) => f * weight[(c * 128) + k]).Sum();
                Assert.Equal(logits[i][c], value, 1e-3f);
            }
        }
    }

    private string ExportBase(TemporaryDirectory folder, bool includeSoftmax)
    {
        var path = folder.Combine("base");
        OnnxClassifierExporter.Export(
            trained.Model, trained.Data.Train.ClassNames, trained.Data.Train.Normalization, path, new ExportOptions { IncludeSoftmax = includeSoftmax });
        return path;
    }

    // Circle (0) is round; square (1) and triangle (2) are angular.
    private static DatasetSplit NewTask(DatasetSplit data) => new(
        Relabelled.Map(data.Train, label => label == 0 ? 0 : 1, RoundOrAngular),
        Relabelled.Map(data.HeldOut, label => label == 0 ? 0 : 1, RoundOrAngular));
}
