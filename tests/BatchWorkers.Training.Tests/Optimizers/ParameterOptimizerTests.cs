using BatchWorkers.Training.Optimizers;
using BatchWorkers.Training.Tests.Support;
using BatchWorkers.Training.Trainers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BatchWorkers.Training.Tests.Optimizers;

// The project's optimizers replace TorchSharp's (see ParameterOptimizer); these pin them to TorchSharp's maths.
public sealed class ParameterOptimizerTests
{
    private static readonly TrainingOptions Options = new() { LearningRate = 0.05, WeightDecay = 0.01, Momentum = 0.8 };

    [Fact]
    public void Step_Adam_MatchesTorchSharpsAdamOverSeveralSteps()
    {
        var expected = Train(parameters => new TorchStep(torch.optim.Adam(
            parameters, Options.LearningRate, beta1: 0.9, beta2: 0.999, weight_decay: Options.WeightDecay)));
        var actual = Train(parameters => new OwnStep(ParameterOptimizer.Create(OptimizerKind.Adam, parameters, Options)));

        Assert.Equal(expected, actual, (a, b) => Math.Abs(a - b) < 1e-5);
    }

    [Fact]
    public void Step_Sgd_MatchesTorchSharpsSgdOverSeveralSteps()
    {
        var expected = Train(parameters => new TorchStep(torch.optim.SGD(
            parameters, Options.LearningRate, momentum: Options.Momentum, weight_decay: Options.WeightDecay)));
        var actual = Train(parameters => new OwnStep(ParameterOptimizer.Create(OptimizerKind.Sgd, parameters, Options)));

        Assert.Equal(expected, actual, (a, b) => Math.Abs(a - b) < 1e-5);
    }

    [Fact]
    public void Load_SavedState_ContinuesExactlyLikeTheOriginal()
    {
        using var folder = new TemporaryDirectory();
        using var first = Parameter(seed: 1);
        using var optimizer = ParameterOptimizer.Create(OptimizerKind.Adam, [first], Options);
        Descend(first, optimizer.ZeroGrad, optimizer.Step, steps: 3);
        optimizer.Save(folder.Combine("adam.bin"));
        using var second = Parameter(seed: 1);
        second.detach().copy_(first);
        using var restored = ParameterOptimizer.Create(OptimizerKind.Adam, [second], Options);

        restored.Load(folder.Combine("adam.bin"));
        Descend(first, optimizer.ZeroGrad, optimizer.Step, steps: 2);
        Descend(second, restored.ZeroGrad, restored.Step, steps: 2);

        Assert.Equal(5, restored.Steps);
        Assert.Equal(first.data<float>().ToArray(), second.data<float>().ToArray());
    }

    private static float[] Train(Func<Parameter[], IStep> create)
    {
        using var parameter = Parameter(seed: 7);
        var step = create([parameter]);
        Descend(parameter, step.ZeroGrad, step.Step, steps: 5);
        step.Dispose();
        return parameter.data<float>().ToArray();
    }

    // Minimises ‖W·x − y‖² for fixed x and y, so every optimizer sees the same gradients.
    private static void Descend(Parameter weight, Action zeroGrad, Action step, int steps)
    {
        using var x = tensor(new float[] { 1, -2, 0.5f }, [3, 1]);
        using var y = tensor(new float[] { 0.3f, -1, 2 }, [3, 1]);
        for (var i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            zeroGrad();
            var error = weight.matmul(x).sub(y);
            error.mul(error).sum().backward();
            step();
        }
    }

    private static Parameter Parameter(int seed)
    {
        manual_seed(seed);
        return new Parameter(randn(3, 3));
    }

    private interface IStep : IDisposable
    {
        void ZeroGrad();

        void Step();
    }

    private sealed class TorchStep(torch.optim.Optimizer optimizer) : IStep
    {
        public void ZeroGrad() => optimizer.zero_grad();

        public void Step() => optimizer.step();

        public void Dispose() => optimizer.Dispose();
    }

    private sealed class OwnStep(ParameterOptimizer optimizer) : IStep
    {
        public void ZeroGrad() => optimizer.ZeroGrad();

        public void Step() => optimizer.Step();

        public void Dispose() => optimizer.Dispose();
    }
}
