using BatchWorkers.Onnx.Protos;

namespace BatchWorkers.Onnx;

/// <summary>
/// A graph under construction: inputs, initializers and nodes are checked as they are added, so a wrong
/// name fails at the line that wrote it rather than when ONNX Runtime loads the file.
/// </summary>
public sealed partial class OnnxGraph
{
    private readonly GraphProto _graph;
    // Tensor names defined in this graph (inputs, initializers, node outputs): ONNX graphs are SSA.
    private readonly HashSet<string> _defined = new(StringComparer.Ordinal);
    // Names defined anywhere in the model (this graph, its outer graphs and every subgraph): a subgraph may
    // read its outer graphs' tensors but must not redefine them, and sibling branches never share a name.
    private readonly HashSet<string> _modelNames;
    private readonly Dictionary<string, int> _nodeCounts = new(StringComparer.Ordinal);
    private readonly OnnxGraph? _outer;

    internal OnnxGraph(string name)
        : this(name, outer: null)
    {
    }

    private OnnxGraph(string name, OnnxGraph? outer)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _graph = new GraphProto { Name = name };
        _outer = outer;
        _modelNames = outer?._modelNames ?? new HashSet<string>(StringComparer.Ordinal);
    }

    /// <summary>The graph's name.</summary>
    public string Name => _graph.Name;

    /// <summary>
    /// Whether a tensor of this name can be read here: defined in this graph or, for a subgraph, in an outer one.
    /// </summary>
    public bool Contains(string tensorName) => _defined.Contains(tensorName) || (_outer?.Contains(tensorName) ?? false);

    /// <summary>Declares a float32 graph input, e.g. <c>AddFloatInput("x", "N", 3, 32, 32)</c>.</summary>
    public string AddFloatInput(string name, params TensorDim[] dims) =>
        AddInput(name, TensorProto.Types.DataType.Float, dims);

    /// <summary>Declares an int64 graph input, e.g. token ids <c>AddInt64Input("input_ids", "batch", "sequence")</c>.</summary>
    public string AddInt64Input(string name, params TensorDim[] dims) =>
        AddInput(name, TensorProto.Types.DataType.Int64, dims);

    /// <summary>Declares a bool graph input, e.g. the condition of an <c>If</c>.</summary>
    public string AddBoolInput(string name, params TensorDim[] dims) =>
        AddInput(name, TensorProto.Types.DataType.Bool, dims);

    /// <summary>Declares a graph input of any element type.</summary>
    public string AddInput(string name, TensorProto.Types.DataType elementType, params TensorDim[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        Define(name);
        _graph.Input.Add(ValueInfos.Create(name, elementType, dims));
        return name;
    }

    /// <summary>Declares a float32 graph output; it must be produced by the time the model is built.</summary>
    /// <remarks>With no dims the shape is left out (rank unknown) rather than declared scalar.</remarks>
    public string AddFloatOutput(string name, params TensorDim[] dims) =>
        AddOutput(name, TensorProto.Types.DataType.Float, dims);

    /// <summary>Declares a graph output of any element type; with no dims the shape is left out.</summary>
    public string AddOutput(string name, TensorProto.Types.DataType elementType, params TensorDim[] dims)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(dims);
        if (_graph.Output.Any(output => output.Name == name))
        {
            throw new ArgumentException($"Graph output '{name}' is declared twice.", nameof(name));
        }

        _graph.Output.Add(ValueInfos.Create(name, elementType, dims));
        return name;
    }

    /// <summary>
    /// Starts a subgraph of this graph, for a control-flow attribute such as <see cref="If"/>'s branches. Its
    /// nodes may read this graph's tensors (and its outer graphs') by name; every name it defines must be new
    /// to the whole model.
    /// </summary>
    public OnnxGraph CreateSubgraph(string name) => new(name, this);

    /// <summary>Whether <paramref name="graph"/> was created by <see cref="CreateSubgraph"/> on this graph.</summary>
    internal bool IsSubgraphOf(OnnxGraph graph) => ReferenceEquals(_outer, graph);

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
        var missing = inputs.FirstOrDefault(input => input.Length > 0 && !Contains(input));
        if (missing is not null)
        {
            throw new ArgumentException(
                $"Node '{nodeName}' reads '{missing}', which is not a graph input, initializer or earlier node output.",
                nameof(inputs));
        }

        // Check every output before defining any, so a rejected node leaves the graph unchanged.
        var clash = outputs.Where((output, i) => _modelNames.Contains(output) || outputs.Take(i).Contains(output));
        if (clash.FirstOrDefault() is { } duplicate)
        {
            throw new ArgumentException(
                $"Node '{nodeName}' writes '{duplicate}', which is already defined in {WhereDefined(duplicate)}.",
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

        var missing = _graph.Output.FirstOrDefault(output => !Contains(output.Name));
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
        if (!_modelNames.Add(name))
        {
            throw new ArgumentException($"Tensor name '{name}' is already defined in {WhereDefined(name)}.", nameof(name));
        }

        _defined.Add(name);
    }

    private string WhereDefined(string name) =>
        _defined.Contains(name) || !_modelNames.Contains(name) ? $"graph '{Name}'"
        : Contains(name) ? "an outer graph (a subgraph may read it but not redefine it)"
        : "another graph of this model (subgraphs need names of their own)";
}
