namespace BatchWorkers.Training.Export;

/// <summary>How closely ONNX Runtime reproduced the TorchSharp model.</summary>
/// <param name="MaxAbsDifference">Largest absolute difference between corresponding outputs.</param>
/// <param name="Tolerance">Largest difference allowed.</param>
/// <param name="Images">Images compared.</param>
public sealed record ParityReport(double MaxAbsDifference, double Tolerance, int Images);
