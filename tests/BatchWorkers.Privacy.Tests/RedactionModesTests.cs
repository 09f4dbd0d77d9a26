using BatchWorkers.Contracts;

namespace BatchWorkers.Privacy.Tests;

public sealed class RedactionModesTests
{
    [Theory]
    [InlineData(RedactionMode.None, false, false)]
    [InlineData(RedactionMode.Stored, true, false)]
    [InlineData(RedactionMode.All, true, true)]
    public void Mode_SaysWhatItMasks(RedactionMode mode, bool stored, bool modelInput)
    {
        Assert.Equal(stored, mode.MasksStored());
        Assert.Equal(modelInput, mode.MasksModelInput());
    }
}
