namespace BatchWorkers.Onnx;

/// <content>Shape and routing operators.</content>
public sealed partial class OnnxGraph
{
    /// <summary>Flatten to 2-D: dims before <paramref name="axis"/> become rows, the rest columns.</summary>
    public string Flatten(string input, string output, long axis = 1)
    {
        AddNode("Flatten", [input], [output], [OnnxAttribute.Int("axis", axis)]);
        return output;
    }

    /// <summary>Reshape to the int64 tensor <paramref name="shape"/> (0 copies a dim, −1 infers one).</summary>
    public string Reshape(string input, string shape, string output)
    {
        AddNode("Reshape", [input, shape], [output]);
        return output;
    }

    /// <summary>Identity: gives a tensor a second name, e.g. to expose an initializer as an output.</summary>
    public string Identity(string input, string output)
    {
        AddNode("Identity", [input], [output]);
        return output;
    }

    /// <summary>Concatenates tensors along <paramref name="axis"/>.</summary>
    public string Concat(IReadOnlyList<string> inputs, string output, long axis)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0)
        {
            throw new ArgumentException("Concat needs at least one input.", nameof(inputs));
        }

        AddNode("Concat", inputs, [output], [OnnxAttribute.Int("axis", axis)]);
        return output;
    }
}
