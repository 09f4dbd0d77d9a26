namespace BatchWorkers.Explainability.FineTuning;

/// <summary>A fine-tune job's charts and the data behind them.</summary>
/// <param name="CurvesPng">Loss and accuracy per epoch (PNG), or null when the run recorded no epochs.</param>
/// <param name="ConfusionMatrixPng">The held-out confusion matrix (PNG), or null when the run has none.</param>
/// <param name="Metrics">Accuracy, macro-F1 and per-class precision, recall and F1 from the matrix, or null without one.</param>
/// <param name="Run">The epochs, classes and matrix the charts were drawn from.</param>
public sealed record TrainingChartsReport(byte[]? CurvesPng, byte[]? ConfusionMatrixPng, ConfusionMetrics? Metrics, TrainingRun Run);
