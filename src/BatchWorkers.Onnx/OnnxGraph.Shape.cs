using BatchWorkers.Onnx.Protos;

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

    /// <summary>
    /// Gather: picks slices of <paramref name="data"/> along <paramref name="axis"/> by the int64
    /// <paramref name="indices"/>, e.g. an embedding lookup of token ids [b, L] in a table [vocab, d] → [b, L, d].
    /// </summary>
    public string Gather(string data, string indices, string output, long axis = 0)
    {
        AddNode("Gather", [data, indices], [output], [OnnxAttribute.Int("axis", axis)]);
        return output;
    }

    /// <summary>Permutes the axes: output axis i is input axis <paramref name="perm"/>[i].</summary>
    public string Transpose(string input, string output, IReadOnlyList<long> perm)
    {
        ArgumentNullException.ThrowIfNull(perm);
        AddNode("Transpose", [input], [output], [OnnxAttribute.Ints("perm", perm)]);
        return output;
    }

    /// <summary>
    /// Slice: along each of <paramref name="axes"/> (a 1-D int64 tensor, like <paramref name="starts"/> and
    /// <paramref name="ends"/>) keeps [start, end). All three are tensor names, so the bounds may be computed.
    /// </summary>
    public string Slice(string data, string starts, string ends, string axes, string output)
    {
        AddNode("Slice", [data, starts, ends, axes], [output]);
        return output;
    }

    /// <summary>The shape of <paramref name="input"/> as a 1-D int64 tensor.</summary>
    public string Shape(string input, string output)
    {
        AddNode("Shape", [input], [output]);
        return output;
    }

    /// <summary>Converts the elements to <paramref name="to"/>, e.g. an int64 attention mask to float.</summary>
    public string Cast(string input, string output, TensorProto.Types.DataType to)
    {
        AddNode("Cast", [input], [output], [OnnxAttribute.Int("to", (long)to)]);
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
