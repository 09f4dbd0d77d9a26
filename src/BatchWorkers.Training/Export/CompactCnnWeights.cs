using BatchWorkers.Onnx.Classifiers;
using BatchWorkers.Training.Models;
using static TorchSharp.torch;

namespace BatchWorkers.Training.Export;

/// <summary>Copies a <see cref="CompactCnn"/>'s weights into the ONNX writer's classifier description.</summary>
internal static class CompactCnnWeights
{
    public static ClassifierBuilder ToClassifier(CompactCnn model)
    {
        var options = model.Options;
        var builder = new ClassifierBuilder(options.ImageSize, options.ImageSize, options.InputChannels);
        foreach (var block in model.Blocks)
        {
            builder.AddConvBlock(ToConvBlock(block));
        }

        var head = model.Head;
        return builder.WithHead(new LinearWeights(
            Values(head.weight!), Values(head.bias!), (int)head.out_features, (int)head.in_features));
    }

    private static ConvBlock ToConvBlock(CompactCnnBlock block)
    {
        var conv = block.Conv;
        var bn = block.BatchNorm;
        return new ConvBlock(
            Values(conv.weight!),
            OutChannels: (int)conv.out_channels,
            InChannels: (int)conv.in_channels,
            KernelSize: (int)Square(conv.kernel_size, "kernel"),
            Bias: conv.bias is null ? null : Values(conv.bias))
        {
            Stride = (int)Square(conv.stride, "stride"),
            Padding = (int)Square(conv.padding, "padding"),
            Groups = (int)conv.groups,
            BatchNorm = new BatchNormWeights(
                Values(bn.weight!), Values(bn.bias!), Values(bn.running_mean!), Values(bn.running_var!))
            {
                Epsilon = (float)bn.eps,
            },
            MaxPoolKernel = block.PoolSize,
            MaxPoolStride = block.PoolSize,
        };
    }

    // The writer takes square 2-D settings only; CompactCnn never makes anything else, but say so if it ever does.
    private static long Square(long[]? values, string what) =>
        values is { Length: 2 } && values[0] == values[1]
            ? values[0]
            : throw new NotSupportedException($"Only square conv {what} settings can be exported.");

    // Row-major float32 on the CPU: the layout ONNX initializers (and PyTorch's contiguous tensors) use.
    private static float[] Values(Tensor tensor)
    {
        using var cpu = tensor.detach().cpu().contiguous();
        return cpu.data<float>().ToArray();
    }
}
