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

    /// <summary>
    /// Where the .onnx files come from when they are not plain files (sealed, encrypted at rest): null reads the file
    /// system. With a source, sessions are built from the bytes it returns (so no external-data files).
    /// </summary>
    public IModelFileSource? FileSource { get; init; }
}

/// <summary>A way to read model files that may not lie on disk as they are (for example encrypted at rest).</summary>
public interface IModelFileSource
{
    /// <summary>Whether the file exists, in whatever form the source reads.</summary>
    bool Exists(string path);

    /// <summary>The file's plain bytes.</summary>
    byte[] Read(string path);
}
