namespace BatchWorkers.Benchmarks.Explanations;

/// <summary>What one explanation of one item costs, against one prediction of the same model on the same machine.</summary>
/// <param name="Method">The explanation method (or step of a report).</param>
/// <param name="Model">The model explained.</param>
/// <param name="Budget">Model evaluations the method may use per item.</param>
/// <param name="Evaluations">Model evaluations it used (median over the items); 0 for steps that run no model.</param>
/// <param name="MsPerExplanation">Wall time of one explanation (median over the items).</param>
/// <param name="MsPerPrediction">One prediction's share of a batched run: how the worker predicts.</param>
/// <param name="MsPerSinglePrediction">One prediction run on its own (batch of one).</param>
public sealed record MethodCost(
    string Method, string Model, int Budget, double Evaluations, double MsPerExplanation, double MsPerPrediction, double MsPerSinglePrediction)
{
    /// <summary>The explanation's cost in batched predictions.</summary>
    public double InPredictions => MsPerExplanation / MsPerPrediction;

    /// <summary>The explanation's cost in predictions run one at a time.</summary>
    public double InSinglePredictions => MsPerExplanation / MsPerSinglePrediction;
}
