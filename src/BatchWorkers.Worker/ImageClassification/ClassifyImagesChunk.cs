namespace BatchWorkers.Worker.ImageClassification;

/// <summary>One chunk of an image-classification job; any worker replica may take it (competing consumers).</summary>
public sealed record ClassifyImagesChunk(Guid JobId, int ChunkIndex);
