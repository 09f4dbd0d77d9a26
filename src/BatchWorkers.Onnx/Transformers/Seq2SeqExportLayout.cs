namespace BatchWorkers.Onnx.Transformers;

/// <summary>Which decoder files <see cref="Seq2SeqExporter.WriteFolder"/> writes beside <c>encoder_model.onnx</c>.</summary>
public enum Seq2SeqExportLayout
{
    /// <summary><c>decoder_model_merged.onnx</c> only, as transformers.js exports ship.</summary>
    Merged,

    /// <summary><c>decoder_model.onnx</c> and <c>decoder_with_past_model.onnx</c>, as <c>optimum-cli export onnx</c> writes them.</summary>
    Split,

    /// <summary>All three decoder files.</summary>
    MergedAndSplit,

    /// <summary>
    /// <c>decoder_model.onnx</c> with <c>logits</c> as its only output, as an export without past key/values
    /// (no <c>-with-past</c> task) writes it: no cache is possible.
    /// </summary>
    WithoutCache,
}
