using BatchWorkers.Training.Datasets;
using BatchWorkers.Training.Models;
using Microsoft.ML.OnnxRuntime;

namespace BatchWorkers.Training.Export;

/// <summary>
/// Runs the TorchSharp model (eval mode) and the exported file (ONNX Runtime, CPU) on the same images and compares
/// every output, so a wrong weight layout or operator setting fails the export instead of shipping.
/// </summary>
public static class ExportParity
{
    /// <summary>Largest absolute difference allowed by default.</summary>
    public const double DefaultTolerance = 1e-4;

    /// <summary>Compares outputs on every image of <paramref name="data"/>.</summary>
    /// <exception cref="ExportParityException">Some output differs by more than <paramref name="tolerance"/>.</exception>
    public static ParityReport Verify(
        CompactCnn model,
        ExportedModel exported,
        ImageDataset data,
        double tolerance = DefaultTolerance,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(exported);
        ArgumentNullException.ThrowIfNull(data);
        var expected = exported.OutputsProbabilities
            ? CompactCnnInference.Probabilities(model, data, cancellationToken: cancellationToken)
            : CompactCnnInference.Logits(model, data, cancellationToken: cancellationToken);
        var actual = RunOnnx(exported.ModelPath, data, cancellationToken);
        var maxDifference = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            for (var c = 0; c < expected[i].Length; c++)
            {
                maxDifference = Math.Max(maxDifference, Math.Abs((double)expected[i][c] - actual[i][c]));
            }
        }

        // Math.Max propagates NaN and NaN fails every comparison, so test "not within" rather than "beyond".
        if (!(maxDifference <= tolerance))
        {
            throw new ExportParityException(maxDifference, tolerance, data.Count);
        }

        return new ParityReport(maxDifference, tolerance, data.Count);
    }

    private static float[][] RunOnnx(string modelPath, ImageDataset data, CancellationToken cancellationToken)
    {
        using var session = new InferenceSession(modelPath);
        return OnnxImageRunner.Run(session, session.OutputNames[0], data, CompactCnnInference.DefaultBatchSize, cancellationToken);
    }
}
