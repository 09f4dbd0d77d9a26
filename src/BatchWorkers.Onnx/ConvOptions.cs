namespace BatchWorkers.Onnx;

/// <summary>Conv attributes; a null list is left out, so ONNX's default applies.</summary>
public sealed record ConvOptions
{
    /// <summary>Kernel size per spatial axis. ONNX infers it from the weight when left out.</summary>
    public IReadOnlyList<long>? KernelShape { get; init; }

    /// <summary>Stride per spatial axis. ONNX default: 1.</summary>
    public IReadOnlyList<long>? Strides { get; init; }

    /// <summary>Padding as all begins then all ends, e.g. [top, left, bottom, right]. ONNX default: 0.</summary>
    public IReadOnlyList<long>? Pads { get; init; }

    /// <summary>Dilation per spatial axis. ONNX default: 1.</summary>
    public IReadOnlyList<long>? Dilations { get; init; }

    /// <summary>Number of channel groups (depthwise = channels). Default: 1.</summary>
    public long Group { get; init; } = 1;

    /// <summary>A 2-D square convolution written like PyTorch's <c>Conv2d(kernel, stride, padding)</c>.</summary>
    public static ConvOptions Square2d(long kernel, long stride = 1, long padding = 0, long dilation = 1, long group = 1) =>
        new()
        {
            KernelShape = [kernel, kernel],
            Strides = [stride, stride],
            Pads = [padding, padding, padding, padding],
            Dilations = [dilation, dilation],
            Group = group,
        };
}
