using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BatchWorkers.Training.Models;

/// <summary>Conv2d → BatchNorm2d → ReLU → MaxPool2d: one ClassifierBuilder ConvBlock.</summary>
public sealed class CompactCnnBlock : nn.Module<Tensor, Tensor>
{
    internal CompactCnnBlock(int inChannels, int outChannels, CompactCnnOptions options)
        : base(nameof(CompactCnnBlock))
    {
        Conv = nn.Conv2d(
            inChannels, outChannels, options.KernelSize, padding: options.KernelSize / 2, bias: options.ConvBias);
        InitialiseForRelu(Conv);
        BatchNorm = nn.BatchNorm2d(outChannels, eps: options.BatchNormEpsilon);
        Pool = nn.MaxPool2d(options.PoolSize, options.PoolSize);
        PoolSize = options.PoolSize;
        register_module("conv", Conv);
        register_module("bn", BatchNorm);
        register_module("pool", Pool);
    }

    /// <summary>The convolution (weight [out, in, k, k], optional bias).</summary>
    public Conv2d Conv { get; }

    /// <summary>The batch normalisation (weight, bias, running mean and variance, eps).</summary>
    public BatchNorm2d BatchNorm { get; }

    /// <summary>The max pooling.</summary>
    public MaxPool2d Pool { get; }

    /// <summary>MaxPool window and stride.</summary>
    public int PoolSize { get; }

    /// <summary>
    /// He (Kaiming) normal initialisation for a conv followed by BatchNorm and ReLU, fan-out mode as torchvision's
    /// ResNets use, instead of TorchSharp's default (Kaiming uniform with a = √5, up to 1.7 times smaller). BatchNorm
    /// makes the output ignore the weights' scale, so each Adam step moves them by about the learning rate whatever
    /// their size: from the small default a step of 3e-3 was up to 12% of a typical weight, and training sat near
    /// chance for many epochs on some seeds (42 among them) until the weights had grown.
    /// </summary>
    private static void InitialiseForRelu(Conv2d conv)
    {
        using var noGrad = no_grad();
        nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var convolved = Conv.forward(input);
        // Functional batch norm rather than BatchNorm.forward, which bumps num_batches_tracked with a temporary
        // Scalar that a GC can finalize mid-call (see ParameterOptimizer). Same maths: momentum is fixed, so that
        // counter is never read; running statistics update in training mode as in PyTorch.
        using var normalised = nn.functional.batch_norm(
            convolved,
            BatchNorm.running_mean,
            BatchNorm.running_var,
            BatchNorm.weight,
            BatchNorm.bias,
            training,
            BatchNorm.momentum ?? 0.1,
            BatchNorm.eps);
        using var activated = nn.functional.relu(normalised);
        return Pool.forward(activated);
    }
}
