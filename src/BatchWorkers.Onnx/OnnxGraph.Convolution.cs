using BatchWorkers.Onnx.Protos;

namespace BatchWorkers.Onnx;

/// <content>Convolution, normalisation and pooling operators.</content>
public sealed partial class OnnxGraph
{
    /// <summary>Conv: <paramref name="weight"/> is [out, in/group, kh, kw]; <paramref name="bias"/> is optional.</summary>
    public string Conv(string input, string weight, string? bias, string output, ConvOptions? options = null)
    {
        options ??= new ConvOptions();
        var attributes = new List<AttributeProto> { OnnxAttribute.Int("group", options.Group) };
        AddIfSet(attributes, "kernel_shape", options.KernelShape);
        AddIfSet(attributes, "strides", options.Strides);
        AddIfSet(attributes, "pads", options.Pads);
        AddIfSet(attributes, "dilations", options.Dilations);
        string[] inputs = bias is null ? [input, weight] : [input, weight, bias];
        AddNode("Conv", inputs, [output], attributes);
        return output;
    }

    /// <summary>BatchNormalization in inference mode: (x − mean) / √(var + ε) · scale + bias per channel.</summary>
    public string BatchNormalization(
        string input, string scale, string bias, string mean, string variance, string output, float epsilon = 1e-5f)
    {
        AddNode(
            "BatchNormalization",
            [input, scale, bias, mean, variance],
            [output],
            [OnnxAttribute.Float("epsilon", epsilon)]);
        return output;
    }

    /// <summary>MaxPool; strides are always written (see <see cref="PoolOptions.Strides"/>).</summary>
    public string MaxPool(string input, string output, PoolOptions options)
    {
        AddNode("MaxPool", [input], [output], PoolAttributes(options));
        return output;
    }

    /// <summary>AveragePool; strides and count_include_pad are always written.</summary>
    public string AveragePool(string input, string output, PoolOptions options)
    {
        var attributes = PoolAttributes(options);
        attributes.Add(OnnxAttribute.Int("count_include_pad", options.CountIncludePad ? 1 : 0));
        AddNode("AveragePool", [input], [output], attributes);
        return output;
    }

    /// <summary>GlobalAveragePool: [N, C, H, W] → [N, C, 1, 1].</summary>
    public string GlobalAveragePool(string input, string output)
    {
        AddNode("GlobalAveragePool", [input], [output]);
        return output;
    }

    private static List<AttributeProto> PoolAttributes(PoolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var attributes = new List<AttributeProto>
        {
            OnnxAttribute.Ints("kernel_shape", options.KernelShape),
            OnnxAttribute.Ints("strides", options.Strides ?? options.KernelShape),
        };
        AddIfSet(attributes, "pads", options.Pads);
        return attributes;
    }

    private static void AddIfSet(List<AttributeProto> attributes, string name, IReadOnlyList<long>? values)
    {
        if (values is not null)
        {
            attributes.Add(OnnxAttribute.Ints(name, values));
        }
    }
}
