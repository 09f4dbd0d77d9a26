using BatchWorkers.Onnx.Protos;
using Google.Protobuf;

namespace BatchWorkers.Onnx;

/// <summary>Writes an ONNX model: one graph plus producer, versions and metadata_props.</summary>
/// <param name="graphName">The graph's name inside the model.</param>
/// <param name="opsetVersion">The default-domain opset. 13 suits every helper here and ORT 1.31.</param>
public sealed class OnnxModelBuilder(string graphName = "main", long opsetVersion = OnnxModelBuilder.DefaultOpsetVersion)
{
    /// <summary>Opset used unless another is given.</summary>
    public const long DefaultOpsetVersion = 13;

    // Ordered so the same calls always write byte-identical files.
    private readonly OrderedDictionary<string, string> _metadata = new(StringComparer.Ordinal);

    /// <summary>The graph to add inputs, weights, nodes and outputs to.</summary>
    public OnnxGraph Graph { get; } = new(graphName);

    /// <summary>The default-domain opset version.</summary>
    public long OpsetVersion { get; } = opsetVersion > 0
        ? opsetVersion
        : throw new ArgumentOutOfRangeException(nameof(opsetVersion), opsetVersion, "Opset must be positive.");

    /// <summary>IR version. Default: 8 (ORT 1.31 loads 3–13).</summary>
    public long IrVersion { get; init; } = 8;

    /// <summary>producer_name. Default: "BatchWorkers".</summary>
    public string ProducerName { get; init; } = "BatchWorkers";

    /// <summary>producer_version. Default: empty.</summary>
    public string ProducerVersion { get; init; } = "";

    /// <summary>The metadata_props added so far.</summary>
    public IReadOnlyDictionary<string, string> Metadata => _metadata;

    /// <summary>Adds a metadata_props entry (read back by ORT as <c>ModelMetadata.CustomMetadataMap</c>).</summary>
    /// <exception cref="ArgumentException">The key is empty or already added.</exception>
    public OnnxModelBuilder AddMetadata(string key, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(value);
        if (!_metadata.TryAdd(key, value))
        {
            throw new ArgumentException($"Metadata key '{key}' is already set.", nameof(key));
        }

        return this;
    }

    /// <summary>The model as a protobuf message, after checking the graph's outputs.</summary>
    public ModelProto Build()
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = ProducerName,
            ProducerVersion = ProducerVersion,
            Graph = Graph.ToProto(),
            OpsetImport = { new OperatorSetIdProto { Domain = "", Version = OpsetVersion } },
        };
        model.MetadataProps.Add(_metadata.Select(entry => new StringStringEntryProto { Key = entry.Key, Value = entry.Value }));
        return model;
    }

    /// <summary>The serialized .onnx file contents.</summary>
    public byte[] ToBytes() => Build().ToByteArray();

    /// <summary>Writes the .onnx file, creating its folder if needed.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var bytes = ToBytes();
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        File.WriteAllBytes(path, bytes);
    }
}
