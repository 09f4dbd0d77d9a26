using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BatchWorkers.Training.Optimizers;

/// <summary>Adam (Kingma and Ba) as PyTorch implements it: β1 0.9, β2 0.999, ε 1e-8, L2 weight decay on the gradient.</summary>
internal sealed class AdamOptimizer(IEnumerable<Parameter> parameters, double learningRate, double weightDecay)
    : ParameterOptimizer(parameters, stateTensorsPerParameter: 2)
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double Epsilon = 1e-8;

    protected override void Update(Parameter parameter, Tensor grad, Tensor[] state)
    {
        var (mean, variance) = (state[0], state[1]);
        using var one = 1.0.ToScalar();
        using var decay = weightDecay.ToScalar();
        using var beta1 = Beta1.ToScalar();
        using var oneMinusBeta1 = (1 - Beta1).ToScalar();
        using var beta2 = Beta2.ToScalar();
        using var oneMinusBeta2 = (1 - Beta2).ToScalar();
        using var epsilon = Epsilon.ToScalar();
        using var biasCorrection2Root = Math.Sqrt(1 - Math.Pow(Beta2, Steps)).ToScalar();
        using var negativeStepSize = (-learningRate / (1 - Math.Pow(Beta1, Steps))).ToScalar();

        var g = weightDecay == 0 ? grad : grad.add(parameter, decay);
        mean.mul_(beta1).add_(g, oneMinusBeta1);
        variance.mul_(beta2).addcmul_(g, g, oneMinusBeta2);
        // m̂ / (√v̂ + ε) with the bias corrections folded into the step size, as torch.optim.Adam does.
        var denominator = variance.sqrt().div_(biasCorrection2Root).add_(epsilon, one);
        parameter.addcdiv_(mean, denominator, negativeStepSize);
    }
}
