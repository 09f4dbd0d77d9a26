namespace BatchWorkers.Onnx.Classifiers;

/// <summary>Adds one <see cref="ConvBlock"/> to a graph and tracks the feature map's size through it.</summary>
internal static class ConvBlockWriter
{
    /// <summary>Writes the block's weights and nodes under <paramref name="prefix"/>; returns its output tensor.</summary>
    public static string Write(OnnxGraph graph, ConvBlock block, string prefix, string input)
    {
        var k = block.KernelSize;
        var weight = graph.AddInitializer(
            $"{prefix}.conv.weight", block.Weight, block.OutChannels, block.InChannels / block.Groups, k, k);
        var bias = block.Bias is null
            ? null
            : graph.AddInitializer($"{prefix}.conv.bias", block.Bias, block.OutChannels);
        var x = graph.Conv(
            input, weight, bias, $"{prefix}.conv", ConvOptions.Square2d(k, block.Stride, block.Padding, group: block.Groups));

        if (block.BatchNorm is { } bn)
        {
            x = graph.BatchNormalization(
                x,
                graph.AddInitializer($"{prefix}.bn.weight", bn.Scale, block.OutChannels),
                graph.AddInitializer($"{prefix}.bn.bias", bn.Bias, block.OutChannels),
                graph.AddInitializer($"{prefix}.bn.running_mean", bn.RunningMean, block.OutChannels),
                graph.AddInitializer($"{prefix}.bn.running_var", bn.RunningVariance, block.OutChannels),
                $"{prefix}.bn",
                bn.Epsilon);
        }

        x = graph.Relu(x, $"{prefix}.relu");
        return block.MaxPoolKernel is { } pool
            ? graph.MaxPool(x, $"{prefix}.pool", PoolOptions.Square2d(pool, block.MaxPoolStride))
            : x;
    }

    /// <summary>The block's output height and width; throws if the channels or sizes do not fit.</summary>
    public static (int Height, int Width) OutputSize(ConvBlock block, string prefix, int channels, int height, int width)
    {
        if (block.InChannels != channels)
        {
            throw new ArgumentException(
                $"{prefix} expects {block.InChannels} input channels but receives {channels}.", nameof(block));
        }

        if (block.KernelSize < 1 || block.Stride < 1 || block.Padding < 0 || block.Groups < 1
            || block.InChannels % block.Groups != 0 || block.OutChannels % block.Groups != 0)
        {
            throw new ArgumentException(
                $"{prefix} has an invalid kernel, stride, padding or group count (channels must divide by groups).",
                nameof(block));
        }

        var padded = (Height: height + 2 * block.Padding, Width: width + 2 * block.Padding);
        var size = (Height: Windows(padded.Height, block.KernelSize, block.Stride),
            Width: Windows(padded.Width, block.KernelSize, block.Stride));
        if (block.MaxPoolKernel is { } pool)
        {
            var stride = block.MaxPoolStride ?? pool;
            size = (Windows(size.Height, pool, stride), Windows(size.Width, pool, stride));
        }

        if (size.Height < 1 || size.Width < 1)
        {
            throw new ArgumentException(
                $"{prefix} shrinks a {height}×{width} feature map to nothing.", nameof(block));
        }

        return size;
    }

    // How many positions a window fits in along one axis (floor mode, as PyTorch and ONNX default to).
    private static int Windows(int size, int window, int stride) =>
        window < 1 || stride < 1 || size < window ? 0 : (size - window) / stride + 1;
}
