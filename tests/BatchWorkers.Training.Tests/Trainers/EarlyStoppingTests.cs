using BatchWorkers.Training.Checkpoints;
using BatchWorkers.Training.Trainers;

namespace BatchWorkers.Training.Tests.Trainers;

public sealed class EarlyStoppingTests
{
    private static readonly TrainingOptions Options = new() { Epochs = 10, EarlyStoppingPatience = 2, EarlyStoppingMinDelta = 0.01 };

    [Fact]
    public void Next_LossesThatStopImproving_StopAfterPatienceRunsOut()
    {
        var states = Run(Options, 1.0, 0.8, 0.795, 0.9);

        Assert.Equal([false, false, false, true], states.Select(s => s.StoppedEarly));
        Assert.Equal([0, 0, 1, 2], states.Select(s => s.EpochsWithoutImprovement));
        Assert.Equal(2, states[^1].BestEpoch);
        Assert.Equal(0.8, states[^1].BestHeldOutLoss);
    }

    [Fact]
    public void Next_ImprovementAfterAPause_ResetsThePatience()
    {
        var states = Run(Options, 1.0, 1.0, 0.5, 0.6);

        Assert.Equal([0, 1, 0, 1], states.Select(s => s.EpochsWithoutImprovement));
        Assert.All(states, s => Assert.False(s.StoppedEarly));
    }

    [Fact]
    public void Next_WithoutPatience_NeverStops()
    {
        var states = Run(Options with { EarlyStoppingPatience = null }, 0.5, 0.6, 0.7, 0.8);

        Assert.All(states, s => Assert.False(s.StoppedEarly));
    }

    private static List<CheckpointState> Run(TrainingOptions options, params double[] heldOutLosses)
    {
        var states = new List<CheckpointState>();
        CheckpointState? state = null;
        for (var i = 0; i < heldOutLosses.Length; i++)
        {
            state = EarlyStopping.Next(state, new EpochMetrics(i + 1, 1, 0.5, heldOutLosses[i], 0.5, 0.1), options);
            states.Add(state);
        }

        return states;
    }
}
