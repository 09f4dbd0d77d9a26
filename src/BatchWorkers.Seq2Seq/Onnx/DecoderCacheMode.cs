namespace BatchWorkers.Seq2Seq.Onnx;

/// <summary>Whether a decoding session keeps a key/value cache between steps.</summary>
public enum DecoderCacheMode
{
    /// <summary><see cref="Cached"/> when the model's decoder files allow it, else <see cref="Uncached"/>.</summary>
    Auto,

    /// <summary>
    /// Step 1 runs the decoder without past and keeps its present key/values; later steps feed only the new
    /// token with the cached decoder key/values and the step-1 encoder key/values.
    /// </summary>
    Cached,

    /// <summary>Every step runs the decoder without past over the whole prefix (slower; for checks and as a fallback).</summary>
    Uncached,
}
