using BatchWorkers.Explainability.FineTuning;

namespace BatchWorkers.Explainability.Tests.FineTuning;

public sealed class ConfusionMetricsTests
{
    [Fact]
    public void From_KnownMatrix_PrecisionRecallF1PerClass()
    {
        // Rows are true classes: 5 cats all right; 5 dogs, 2 taken for cats; no birds at all.
        int[][] matrix = [[5, 0, 0], [2, 3, 0], [0, 0, 0]];

        var metrics = ConfusionMetrics.From(["cat", "dog", "bird"], matrix);

        Assert.Equal(10, metrics.Samples);
        Assert.Equal(0.8, metrics.Accuracy, 10);
        var (cat, dog, bird) = (metrics.Classes[0], metrics.Classes[1], metrics.Classes[2]);
        Assert.Equal(("cat", 5.0 / 7, 1.0, 5, 7), (cat.Label, cat.Precision, cat.Recall, cat.Support, cat.Predicted));
        Assert.Equal(10.0 / 12, cat.F1, 10);
        Assert.Equal((1.0, 0.6, 5, 3), (dog.Precision, dog.Recall, dog.Support, dog.Predicted));
        Assert.Equal(0.75, dog.F1, 10);
        Assert.Equal(new ClassScores("bird", 0, 0, 0, 0, 0), bird);
        Assert.Equal(((10.0 / 12) + 0.75) / 3, metrics.MacroF1, 10);
    }

    [Fact]
    public void From_NotSquare_Throws()
    {
        Assert.Throws<ArgumentException>(() => ConfusionMetrics.From(["a", "b"], [[1, 2], [3]]));
        Assert.Throws<ArgumentException>(() => ConfusionMetrics.From(["a"], [[1], [2]]));
        Assert.Throws<ArgumentException>(() => ConfusionMetrics.From(["a"], [[-1]]));
    }

    [Fact]
    public void FromMetricsJson_AsTheFineTuneRunnerWritesIt()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new
        {
            accuracy = 0.9,
            classes = new[] { new { label = "circle", precision = 1.0, recall = 0.8, f1 = 0.89, support = 5 }, new { label = "square", precision = 0.83, recall = 1.0, f1 = 0.91, support = 5 } },
            confusionMatrix = new[] { new[] { 4, 1 }, new[] { 0, 5 } },
            epochs = new[]
            {
                new { epoch = 1, trainLoss = 1.1, trainAccuracy = 0.4, heldOutLoss = 1.0, heldOutAccuracy = 0.5, seconds = 1.5 },
                new { epoch = 2, trainLoss = 0.6, trainAccuracy = 0.8, heldOutLoss = 0.7, heldOutAccuracy = 0.9, seconds = 1.4 },
            },
            bestEpoch = 2,
            mode = "Scratch",
        }, System.Text.Json.JsonSerializerOptions.Web);

        var run = TrainingRun.FromMetricsJson(json);

        Assert.Equal([new EpochPoint(1, 1.1, 0.4, 1.0, 0.5), new EpochPoint(2, 0.6, 0.8, 0.7, 0.9)], run.Epochs);
        Assert.Equal(2, run.BestEpoch);
        Assert.Equal(["circle", "square"], run.Classes);
        Assert.Equal([4, 1], run.ConfusionMatrix[0]);
        Assert.Equal([0, 5], run.ConfusionMatrix[1]);
    }

    [Fact]
    public void FromMetricsJson_TransferRunWithoutEpochs_ReadsEmpty()
    {
        var run = TrainingRun.FromMetricsJson("""{"classes":["a","b"],"confusionMatrix":[[1,0],[0,1]],"epochs":[],"bestEpoch":0}""");

        Assert.Empty(run.Epochs);
        Assert.Equal(["a", "b"], run.Classes);
    }
}
