using BatchWorkers.Explainability.Saliency;

namespace BatchWorkers.Explainability.Tests.Saliency;

public sealed class OcclusionPlanTests
{
    private static readonly ImageGeometry Input224 = new(3, 224, 224);

    [Fact]
    public void Fit_Defaults_PatchIsSeventhOfSideStrideHalf()
    {
        var (plan, adjustment) = OcclusionPlan.Fit(Input224, new OcclusionOptions(), 1000);

        Assert.Equal((32, 16, 13, 13), (plan.PatchSize, plan.Stride, plan.RowPositions, plan.ColumnPositions));
        Assert.Equal(169, plan.Evaluations);
        Assert.Null(adjustment);
    }

    [Theory]
    [InlineData(168)]
    [InlineData(50)]
    [InlineData(9)]
    [InlineData(1)]
    public void Fit_OverBudget_GrowsStrideUntilPositionsFit(int budget)
    {
        var (plan, adjustment) = OcclusionPlan.Fit(Input224, new OcclusionOptions(), budget);

        Assert.InRange(plan.Evaluations, 1, budget);
        Assert.True(plan.Stride > 16);
        Assert.True(plan.PatchSize >= plan.Stride, "the patches must still cover every pixel");
        Assert.StartsWith("occlusion patch 32 stride 16 needs 169 evaluations", adjustment, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(32, 8, 4)]
    [InlineData(32, 5, 2)]
    [InlineData(7, 3, 3)]
    [InlineData(10, 20, 5)]
    public void Starts_CoverEveryPixelAndEndFlushWithEdge(int length, int patch, int stride)
    {
        var starts = OcclusionPlan.Starts(length, patch, stride);

        var covered = new bool[length];
        foreach (var start in starts)
        {
            for (var i = start; i < Math.Min(length, start + patch); i++)
            {
                covered[i] = true;
            }
        }

        Assert.All(covered, Assert.True);
        Assert.Equal(starts.Distinct().Count(), starts.Length);
        Assert.Equal(Math.Max(0, length - patch), starts[^1]);
    }
}
