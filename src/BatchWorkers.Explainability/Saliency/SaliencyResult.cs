namespace BatchWorkers.Explainability.Saliency;

/// <summary>A saliency map and how it was made.</summary>
/// <param name="Method">Occlusion or RISE.</param>
/// <param name="Map">The saliency of every input pixel.</param>
/// <param name="TargetClass">The class explained.</param>
/// <param name="TargetProbability">The model's probability for that class on the unaltered image.</param>
/// <param name="Evaluations">Model evaluations used, the unaltered image included.</param>
/// <param name="Parameters">The settings actually used (after fitting the budget).</param>
/// <param name="Notes">Sentences on what was changed to fit the budget; empty when nothing was.</param>
public sealed record SaliencyResult(
    SaliencyMethod Method,
    SaliencyMap Map,
    int TargetClass,
    float TargetProbability,
    int Evaluations,
    SaliencyParameters Parameters,
    IReadOnlyList<string> Notes);
