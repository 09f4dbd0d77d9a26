namespace BatchWorkers.Seq2Seq.Onnx;

/// <summary>How a model folder ships its decoder.</summary>
public enum DecoderLayout
{
    /// <summary>Load <see cref="Merged"/> when the folder has it, else <see cref="Split"/>, else <see cref="WithoutCache"/>.</summary>
    Auto,

    /// <summary><c>decoder_model_merged.onnx</c>: both decoders behind an If on <c>use_cache_branch</c>.</summary>
    Merged,

    /// <summary><c>decoder_model.onnx</c> for the first step and <c>decoder_with_past_model.onnx</c> after it.</summary>
    Split,

    /// <summary><c>decoder_model.onnx</c> alone: every step recomputes the whole prefix.</summary>
    WithoutCache,
}
