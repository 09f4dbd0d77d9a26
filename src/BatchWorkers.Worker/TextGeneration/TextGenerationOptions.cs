using System.ComponentModel.DataAnnotations;

namespace BatchWorkers.Worker.TextGeneration;

/// <summary>Section <c>TextGeneration</c>: how translation and summarization chunks run.</summary>
public sealed class TextGenerationOptions
{
    public const string Section = "TextGeneration";

    /// <summary>Most inputs (sentences or segments) per ONNX Runtime batch; inputs are sorted by length first. Default 16.</summary>
    [Range(1, 256)]
    public int BatchSize { get; set; } = 16;

    /// <summary>Chunks of each text type this worker runs at once. Default 1: one batch already uses every core.</summary>
    [Range(1, 64)]
    public int ConcurrentChunks { get; set; } = 1;
}
