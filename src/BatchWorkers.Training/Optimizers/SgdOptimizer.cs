using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BatchWorkers.Training.Optimizers;

/// <summary>SGD with (non-Nesterov, undampened) momentum and L2 weight decay, as torch.optim.SGD.</summary>
internal sealed class SgdOptimizer(IEnumerable<Parameter> parameters, double learningRate, double momentum, double weightDecay)
    : ParameterOptimizer(parameters, stateTensorsPerParameter: 1)
{
    protected override void Update(Parameter parameter, Tensor grad, Tensor[] state)
    {
        using var one = 1.0.ToScalar();
        using var decay = weightDecay.ToScalar();
        using var keep = momentum.ToScalar();
        using var negativeRate = (-learningRate).ToScalar();

        var g = weightDecay == 0 ? grad : grad.add(parameter, decay);
        if (momentum != 0)
        {
            // The buffer starts at zero, so the first step stores g itself, as PyTorch's clone does.
            g = state[0].mul_(keep).add_(g, one);
        }

        parameter.add_(g, negativeRate);
    }
}
