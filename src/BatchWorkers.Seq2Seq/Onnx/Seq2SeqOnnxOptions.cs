using Microsoft.ML.OnnxRuntime;

namespace BatchWorkers.Seq2Seq.Onnx;

/// <summary>How <see cref="Seq2SeqOnnxModel.Load"/> picks and opens a model folder's ONNX files.</summary>
public sealed record Seq2SeqOnnxOptions
{
    /// <summary>Which decoder files to load. Default <see cref="DecoderLayout.Auto"/> (merged when present).</summary>
    public DecoderLayout Layout { get; init; } = DecoderLayout.Auto;

    /// <summary>
    /// Inserted before <c>.onnx</c> in every file name, e.g. <c>_quantized</c> for transformers.js exports'
    /// <c>encoder_model_quantized.onnx</c>. Default none.
    /// </summary>
    public string FileSuffix { get; init; } = "";

    /// <summary>
    /// Session options for every session (execution provider, threads). Default null: ONNX Runtime's defaults.
    /// The caller keeps ownership; the options may be disposed once <see cref="Seq2SeqOnnxModel.Load"/> returns.
    /// </summary>
    public SessionOptions? SessionOptions { get; init; }
}
