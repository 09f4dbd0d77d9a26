using BatchWorkers.Onnx.Protos;
using Google.Protobuf;

namespace BatchWorkers.Onnx;

/// <summary>Factories for node attributes, for use with <see cref="OnnxGraph.AddNode"/>.</summary>
public static class OnnxAttribute
{
    /// <summary>An INT attribute.</summary>
    public static AttributeProto Int(string name, long value) =>
        new() { Name = CheckName(name), Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>An INTS attribute.</summary>
    public static AttributeProto Ints(string name, IEnumerable<long> values) =>
        new() { Name = CheckName(name), Type = AttributeProto.Types.AttributeType.Ints, Ints = { values } };

    /// <summary>A FLOAT attribute.</summary>
    public static AttributeProto Float(string name, float value) =>
        new() { Name = CheckName(name), Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>A FLOATS attribute.</summary>
    public static AttributeProto Floats(string name, IEnumerable<float> values) =>
        new() { Name = CheckName(name), Type = AttributeProto.Types.AttributeType.Floats, Floats = { values } };

    /// <summary>A STRING attribute (UTF-8).</summary>
    public static AttributeProto String(string name, string value) =>
        new()
        {
            Name = CheckName(name),
            Type = AttributeProto.Types.AttributeType.String,
            S = ByteString.CopyFromUtf8(value),
        };

    /// <summary>
    /// A GRAPH attribute, e.g. an <c>If</c> branch. The subgraph is copied as it stands, after checking that
    /// every output it declares is produced.
    /// </summary>
    public static AttributeProto Graph(string name, OnnxGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return new() { Name = CheckName(name), Type = AttributeProto.Types.AttributeType.Graph, G = graph.ToProto() };
    }

    private static string CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return name;
    }
}
