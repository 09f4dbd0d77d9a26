using BatchWorkers.Onnx.Protos;

namespace BatchWorkers.Onnx;

/// <summary>
/// A graph under construction: inputs, initializers and nodes are checked as they are added, so a wrong
/// name fails at the line that wrote it rather than when ONNX Runtime loads the file.
/// </summary>
public sealed partial class OnnxGraph
{
    private readonly GraphProto _graph;
    // Every tensor name defined so far (inputs, initializers, node outputs): ONNX graphs are SSA.
    private readonly HashSet<string> _defined = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _nodeCounts = new(StringComparer.Ordinal);

    internal OnnxGraph(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _graph = new GraphProto { Name = name };
    }

    /// <summary>The graph's name.</summary>
    public string Name => _graph.Name;

    /// <summary>Whether a tensor of this name is already defined.</summary>
    public bool Contains(string tensorName) => _defined.Contains(tensorName);

    /// <summary>Declares a float32 graph input, e.g. <c>AddFloatInput("x", "N", 3, 32, 32)</c>.</summary>
    public string AddFloatInput(string name, params TensorDim[] dims)
    {
        Define(name);
        _graph.Input.Add(ValueInfos.Float(name, dims));
        return name;
    }

    /// <summary>Declares a float32 graph output; it must be produced by the time the model is built.</summary>
    /// <remarks>With no dims the shape is left out (rank unknown) rather than declared scalar.</remarks>
    public string AddFloatOutput(string name, params TensorDim[] dims)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (_graph.Output.Any(output => output.Name == name))
        {
            throw new ArgumentException($"Graph output '{name}' is declared twice.", nameof(name));
        }

        _graph.Output.Add(ValueInfos.Float(name, dims));
        return name;
    }

    /// <summary>Adds a float32 initializer (weights), stored as little-endian raw_data.</summary>
    /// <exception cref="ArgumentException">The number of values does not match the dims.</exception>
    public string AddInitializer(string name, float[] values, params long[] dims)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(dims);
        var tensor = TensorFactory.Float(name, values, dims);
        Define(name);
        _graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Adds an int64 initializer, e.g. a Reshape target shape.</summary>
    /// <exception cref="ArgumentException">The number of values does not match the dims.</exception>
    public string AddInt64Initializer(string name, long[] values, params long[] dims)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(dims);
        var tensor = TensorFactory.Int64(name, values, dims);
        Define(name);
        _graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Adds a node of any operator: the escape hatch for ops without a helper.</summary>
    /// <param name="opType">ONNX operator name, e.g. "LeakyRelu".</param>
    /// <param name="inputs">Defined tensor names; "" marks an omitted optional input.</param>
    /// <param name="outputs">New tensor names.</param>
    /// <param name="attributes">Attributes, e.g. from <see cref="OnnxAttribute"/>.</param>
    public void AddNode(
        string opType,
        IReadOnlyList<string> inputs,
        IReadOnlyList<string> outputs,
        IEnumerable<AttributeProto>? attributes = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(opType);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        if (outputs.Count == 0 || outputs.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"A {opType} node needs one or more non-empty output names.", nameof(outputs));
        }

        var nodeName = $"{opType}_{_nodeCounts.GetValueOrDefault(opType)}";
        var missing = inputs.FirstOrDefault(input => input.Length > 0 && !_defined.Contains(input));
        if (missing is not null)
        {
            throw new ArgumentException(
                $"Node '{nodeName}' reads '{missing}', which is not a graph input, initializer or earlier node output.",
                nameof(inputs));
        }

        // Check every output before defining any, so a rejected node leaves the graph unchanged.
        var clash = outputs.Where((output, i) => _defined.Contains(output) || outputs.Take(i).Contains(output));
        if (clash.FirstOrDefault() is { } duplicate)
        {
            throw new ArgumentException(
                $"Node '{nodeName}' writes '{duplicate}', which is already defined in graph '{Name}'.",
                nameof(outputs));
        }

        foreach (var output in outputs)
        {
            Define(output);
        }

        var node = new NodeProto { Name = nodeName, OpType = opType, Input = { inputs }, Output = { outputs } };
        node.Attribute.Add(attributes ?? []);
        _graph.Node.Add(node);
        _nodeCounts[opType] = _nodeCounts.GetValueOrDefault(opType) + 1;
    }

    /// <summary>A copy of the graph, after checking that every declared output is produced.</summary>
    internal GraphProto ToProto()
    {
        if (_graph.Output.Count == 0)
        {
            throw new InvalidOperationException($"Graph '{Name}' declares no outputs.");
        }

        var missing = _graph.Output.FirstOrDefault(output => !_defined.Contains(output.Name));
        if (missing is not null)
        {
            throw new InvalidOperationException(
                $"Graph output '{missing.Name}' is not produced by any node, input or initializer.");
        }

        return _graph.Clone();
    }

    private void Define(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_defined.Add(name))
        {
            throw new ArgumentException($"Tensor name '{name}' is already defined in graph '{Name}'.", nameof(name));
        }
    }
}
