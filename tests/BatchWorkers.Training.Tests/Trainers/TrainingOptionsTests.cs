using System.ComponentModel.DataAnnotations;
using BatchWorkers.Training.Trainers;

namespace BatchWorkers.Training.Tests.Trainers;

public sealed class TrainingOptionsTests
{
    [Fact]
    public void Validate_Defaults_Pass()
    {
        new TrainingOptions().Validate();
    }

    [Theory]
    [InlineData(0, 32)]
    [InlineData(5, 0)]
    public void Validate_EpochsOrBatchSizeBelowOne_Throws(int epochs, int batchSize)
    {
        var options = new TrainingOptions { Epochs = epochs, BatchSize = batchSize };

        Assert.Throws<ValidationException>(options.Validate);
    }
}
