namespace BatchWorkers.Training.Export;

/// <summary>How <see cref="OnnxClassifierExporter"/> writes a model folder.</summary>
public sealed record ExportOptions
{
    /// <summary>
    /// End the graph with Softmax, so <c>logits</c> holds probabilities (metadata output_kind says which).
    /// Default: false, raw logits as Hugging Face exports have them; the worker applies softmax itself.
    /// </summary>
    public bool IncludeSoftmax { get; init; }

    /// <summary>config.json <c>model_type</c>. Default: "batchworkers-compact-cnn".</summary>
    public string ModelType { get; init; } = "batchworkers-compact-cnn";

    /// <summary>Extra ONNX metadata_props entries (e.g. a job id or dataset name). Default: none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}
