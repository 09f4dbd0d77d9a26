namespace BatchWorkers.Explainability.FineTuning;

/// <summary>One class's scores from a confusion matrix. A ratio whose denominator is zero is reported as 0.</summary>
/// <param name="Label">The class name.</param>
/// <param name="Precision">Of the images predicted as this class, the share that are.</param>
/// <param name="Recall">Of the images of this class, the share predicted as it.</param>
/// <param name="F1">Harmonic mean of precision and recall.</param>
/// <param name="Support">Images of this class (the row's sum).</param>
/// <param name="Predicted">Images predicted as this class (the column's sum).</param>
public sealed record ClassScores(string Label, double Precision, double Recall, double F1, int Support, int Predicted);
