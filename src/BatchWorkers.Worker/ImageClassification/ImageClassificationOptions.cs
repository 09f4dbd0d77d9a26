using System.ComponentModel.DataAnnotations;

namespace BatchWorkers.Worker.ImageClassification;

/// <summary>Section <c>ImageClassification</c>.</summary>
public sealed class ImageClassificationOptions
{
    public const string Section = "ImageClassification";

    /// <summary>Images per ONNX Runtime call. Default 32.</summary>
    [Range(1, 1024)]
    public int BatchSize { get; set; } = 32;

    /// <summary>Refuse images whose declared size exceeds this many pixels, before decoding (decompression bombs). Default 50 million.</summary>
    [Range(1, long.MaxValue)]
    public long MaxPixels { get; set; } = 50_000_000;

    /// <summary>
    /// Chunks this worker handles at once. Default 2: while one chunk's batch runs (one run at a time per model, as a
    /// run takes every core), the next chunk reads, decodes and resizes its images and the last one writes its results.
    /// </summary>
    [Range(1, 64)]
    public int ConcurrentChunks { get; set; } = 2;
}
