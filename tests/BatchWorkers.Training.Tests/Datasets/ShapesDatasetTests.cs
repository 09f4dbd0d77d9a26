using BatchWorkers.Training.Datasets;

namespace BatchWorkers.Training.Tests.Datasets;

public sealed class ShapesDatasetTests
{
    private static readonly ShapesDatasetOptions Small = new() { TrainCount = 30, HeldOutCount = 12 };

    [Fact]
    public void Generate_SameOptionsTwice_GivesIdenticalImages()
    {
        var first = ShapesDataset.Generate(Small);
        var second = ShapesDataset.Generate(Small);

        Assert.True(first.Train.Pixels.Span.SequenceEqual(second.Train.Pixels.Span));
        Assert.True(first.HeldOut.Pixels.Span.SequenceEqual(second.HeldOut.Pixels.Span));
        Assert.Equal(first.Train.Labels, second.Train.Labels);
    }

    [Fact]
    public void Generate_OtherSeed_GivesOtherImages()
    {
        var first = ShapesDataset.Generate(Small);
        var other = ShapesDataset.Generate(Small with { Seed = Small.Seed + 1 });

        Assert.False(first.Train.Pixels.Span.SequenceEqual(other.Train.Pixels.Span));
    }

    [Fact]
    public void Generate_LargerTrainSet_LeavesHeldOutImagesUnchanged()
    {
        var first = ShapesDataset.Generate(Small);
        var larger = ShapesDataset.Generate(Small with { TrainCount = 45 });

        Assert.True(first.HeldOut.Pixels.Span.SequenceEqual(larger.HeldOut.Pixels.Span));
    }

    [Fact]
    public void Generate_Labels_AreBalancedOverThreeNamedClasses()
    {
        var data = ShapesDataset.Generate(Small);

        Assert.Equal(["circle", "square", "triangle"], data.Train.ClassNames);
        Assert.Equal([10, 10, 10], data.Train.Labels.GroupBy(label => label).OrderBy(g => g.Key).Select(g => g.Count()));
        Assert.Equal((30, 3, 32, 32), (data.Train.Count, data.Train.Channels, data.Train.Height, data.Train.Width));
    }

    [Fact]
    public void Generate_Pixels_AreNormalisedEightBitValues()
    {
        var data = ShapesDataset.Generate(Small);

        foreach (var value in data.Train.Pixels.Span)
        {
            Assert.InRange(value, -1f, 1f);
            var level = ((value * 0.5f) + 0.5f) * 255f;
            Assert.Equal(MathF.Round(level), level, 3);
        }
    }

    [Fact]
    public void ToRgbBytes_ThenWorkerPreprocessing_GivesBackTheTrainingTensor()
    {
        var data = ShapesDataset.Generate(Small).Train;
        var rgb = data.ToRgbBytes(4);
        var image = data.Image(4);
        var plane = data.Height * data.Width;

        // What the worker's ImageTensorizer does with preprocessor_config.json: rescale 1/255, then (x − mean) / std.
        for (var pixel = 0; pixel < plane; pixel++)
        {
            for (var c = 0; c < 3; c++)
            {
                var preprocessed = ((rgb[(pixel * 3) + c] / 255f) - 0.5f) / 0.5f;
                Assert.Equal(image[(c * plane) + pixel], preprocessed, 5);
            }
        }
    }

    [Fact]
    public void Generate_RadiusRangeInverted_ThrowsValidation()
    {
        Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(
            () => ShapesDataset.Generate(Small with { MinRadius = 0.4, MaxRadius = 0.2 }));
    }
}
