using BatchWorkers.Onnx.Classifiers;
using BatchWorkers.Training.Datasets;
using BatchWorkers.Training.Export;
using Microsoft.ML.OnnxRuntime;

namespace BatchWorkers.Training.Transfer;

/// <summary>
/// Checks a grafted model against what it was built from: ONNX Runtime on the grafted file versus the base model's
/// features (ONNX Runtime) through the TorchSharp head, so a wrong weight layout fails instead of shipping.
/// </summary>
public static class GraftParity
{
    /// <summary>Compares logits on every image of <paramref name="data"/>.</summary>
    /// <param name="graftedModelPath">The grafted <c>model.onnx</c>.</param>
    /// <param name="features">The base model's features for <paramref name="data"/>, in order.</param>
    /// <param name="head">The head that was grafted.</param>
    /// <param name="data">The images the features came from.</param>
    /// <param name="tolerance">Largest absolute difference allowed.</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    /// <returns>The comparison, and the grafted model's logits (one row per image).</returns>
    /// <exception cref="ExportParityException">Some logit differs by more than <paramref name="tolerance"/>.</exception>
    public static (ParityReport Report, float[][] Logits) Verify(
        string graftedModelPath,
        IReadOnlyList<float[]> features,
        LinearHead head,
        ImageDataset data,
        double tolerance = ExportParity.DefaultTolerance,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(graftedModelPath);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(data);
        var expected = head.Logits(features);
        using var session = new InferenceSession(graftedModelPath);
        var actual = OnnxImageRunner.Run(session, ClassifierBuilder.OutputName, data, 64, cancellationToken);
        var maxDifference = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            for (var c = 0; c < expected[i].Length; c++)
            {
                maxDifference = Math.Max(maxDifference, Math.Abs((double)expected[i][c] - actual[i][c]));
            }
        }

        // NaN fails every comparison, so test "not within" rather than "beyond".
        if (!(maxDifference <= tolerance))
        {
            throw new ExportParityException(maxDifference, tolerance, data.Count);
        }

        return (new ParityReport(maxDifference, tolerance, data.Count), actual);
    }
}
