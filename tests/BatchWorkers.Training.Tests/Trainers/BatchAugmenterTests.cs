using BatchWorkers.Training.Trainers;

namespace BatchWorkers.Training.Tests.Trainers;

public sealed class BatchAugmenterTests
{
    // One channel, 2 rows × 3 columns: values 0..5 row-major.
    private static readonly float[] Image = [0, 1, 2, 3, 4, 5];

    [Fact]
    public void Transform_HorizontalFlip_MirrorsEachRow()
    {
        var result = new float[6];

        BatchAugmenter.Transform(Image, result, 1, 2, 3, new BatchAugmenter.Placement(true, false, 0, 0));

        Assert.Equal([2f, 1f, 0f, 5f, 4f, 3f], result);
    }

    [Fact]
    public void Transform_ShiftRightByOne_RepeatsTheLeftEdge()
    {
        var result = new float[6];

        BatchAugmenter.Transform(Image, result, 1, 2, 3, new BatchAugmenter.Placement(false, false, 1, 0));

        Assert.Equal([0f, 0f, 1f, 3f, 3f, 4f], result);
    }

    [Fact]
    public void Transform_VerticalFlipAndShiftUp_CombinesBoth()
    {
        var result = new float[6];

        BatchAugmenter.Transform(Image, result, 1, 2, 3, new BatchAugmenter.Placement(false, true, 0, -1));

        // Flipped rows are [3 4 5] [0 1 2]; shifting up by one moves row 1 up and repeats it at the bottom edge.
        Assert.Equal([0f, 1f, 2f, 0f, 1f, 2f], result);
    }
}
