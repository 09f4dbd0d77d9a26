namespace BatchWorkers.Training.Evaluation;

/// <summary>One class's scores. A ratio whose denominator is zero is reported as 0.</summary>
/// <param name="Label">The class name.</param>
/// <param name="Precision">Of the images predicted as this class, the share that are.</param>
/// <param name="Recall">Of the images of this class, the share predicted as it.</param>
/// <param name="F1">Harmonic mean of precision and recall.</param>
/// <param name="Support">Images of this class.</param>
public sealed record ClassMetrics(string Label, double Precision, double Recall, double F1, int Support);
