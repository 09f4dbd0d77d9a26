namespace BatchWorkers.Explainability.Saliency;

/// <summary>
/// Deletion and insertion curves (Petsiuk et al., 2018). Point j of a curve is the target probability with the first
/// j/Steps of the pixels, in the order of the saliency map, removed (deletion: replaced by the baseline) or revealed
/// (insertion: the rest of the image is baseline). An AUC is the trapezoid area under its curve with the x axis
/// running 0 to 1, so it lies in [0, 1]: a faithful map has a low deletion AUC and a high insertion AUC, compared with
/// <see cref="RandomAuc"/>, the same curve for a random order of the pixels.
/// </summary>
/// <param name="Steps">Intervals per curve; each curve has Steps + 1 points.</param>
/// <param name="Deletion">Target probability as the most salient pixels are removed first.</param>
/// <param name="Insertion">Target probability as the most salient pixels are revealed first.</param>
/// <param name="RandomDeletion">
/// Target probability as pixels are removed in a seeded random order. Revealing them in the reverse order shows the
/// same images backwards, so this curve read from the end is the random insertion curve and has the same area.
/// </param>
/// <param name="DeletionAuc">Area under <paramref name="Deletion"/>: lower is better.</param>
/// <param name="InsertionAuc">Area under <paramref name="Insertion"/>: higher is better.</param>
/// <param name="RandomAuc">Area under <paramref name="RandomDeletion"/> (and the random insertion curve).</param>
/// <param name="Evaluations">Model evaluations the curves took (1 + 3 × (Steps − 1); the unaltered image not counted).</param>
public sealed record FaithfulnessResult(
    int Steps,
    float[] Deletion,
    float[] Insertion,
    float[] RandomDeletion,
    double DeletionAuc,
    double InsertionAuc,
    double RandomAuc,
    int Evaluations);
