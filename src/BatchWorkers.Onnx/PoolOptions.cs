namespace BatchWorkers.Onnx;

/// <summary>MaxPool / AveragePool attributes.</summary>
/// <param name="KernelShape">Window size per spatial axis.</param>
public sealed record PoolOptions(IReadOnlyList<long> KernelShape)
{
    /// <summary>Stride per spatial axis; defaults to the kernel shape, as PyTorch does.</summary>
    /// <remarks>Always written: ONNX's own default is 1, which silently differs from PyTorch.</remarks>
    public IReadOnlyList<long>? Strides { get; init; }

    /// <summary>Padding as all begins then all ends. Default: none.</summary>
    public IReadOnlyList<long>? Pads { get; init; }

    /// <summary>AveragePool only: whether padded cells count in the divisor. Default: false (ONNX's default).</summary>
    public bool CountIncludePad { get; init; }

    /// <summary>A 2-D square window written like PyTorch's <c>MaxPool2d(kernel, stride, padding)</c>.</summary>
    public static PoolOptions Square2d(long kernel, long? stride = null, long padding = 0) =>
        new([kernel, kernel])
        {
            Strides = [stride ?? kernel, stride ?? kernel],
            Pads = [padding, padding, padding, padding],
        };
}
