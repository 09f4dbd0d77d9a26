namespace BatchWorkers.Contracts;

/// <summary>The <see cref="ItemResult.Output"/> of an image-classification item.</summary>
public sealed record ClassificationOutput(IReadOnlyList<LabelScore> TopK, int Width, int Height);

/// <summary>A label with its probability (softmax over the model's outputs).</summary>
public sealed record LabelScore(string Label, int Index, float Probability);
