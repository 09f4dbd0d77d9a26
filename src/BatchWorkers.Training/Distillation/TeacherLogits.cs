using BatchWorkers.Onnx.Classifiers;
using BatchWorkers.Training.Datasets;
using BatchWorkers.Training.Export;
using Microsoft.ML.OnnxRuntime;

namespace BatchWorkers.Training.Distillation;

/// <summary>Runs an exported classifier (the teacher) with ONNX Runtime to get the logits a student distils from.</summary>
public static class TeacherLogits
{
    /// <summary>Images per ONNX Runtime call. Default for <see cref="Compute"/>.</summary>
    public const int DefaultBatchSize = 64;

    /// <summary>
    /// Logits for every image of <paramref name="data"/>, in order. A model whose metadata <c>output_kind</c> is
    /// <c>probabilities</c> gets log-probabilities, which softmax maps back to the same distribution.
    /// </summary>
    /// <param name="modelDirectory">An exported classifier folder holding <c>model.onnx</c> (input <c>pixel_values</c>, output <c>logits</c>).</param>
    /// <param name="data">Images preprocessed as the teacher expects (same size and normalisation).</param>
    /// <param name="batchSize">Images per call.</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    /// <exception cref="FileNotFoundException">The folder has no model.onnx.</exception>
    public static float[][] Compute(
        string modelDirectory, ImageDataset data, int batchSize = DefaultBatchSize, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelDirectory);
        ArgumentNullException.ThrowIfNull(data);
        var path = Path.Combine(modelDirectory, OnnxClassifierExporter.ModelFileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No {OnnxClassifierExporter.ModelFileName} in {modelDirectory}.", path);
        }

        using var session = new InferenceSession(path);
        var output = session.OutputNames.Contains(ClassifierBuilder.OutputName) ? ClassifierBuilder.OutputName : session.OutputNames[0];
        var rows = OnnxImageRunner.Run(session, output, data, batchSize, cancellationToken);
        if (session.ModelMetadata.CustomMetadataMap.TryGetValue(ClassifierBuilder.OutputKindKey, out var kind) && kind == "probabilities")
        {
            foreach (var row in rows)
            {
                for (var c = 0; c < row.Length; c++)
                {
                    // Floored so a zero probability gives a large negative logit rather than −∞ (NaN in the loss).
                    row[c] = MathF.Log(MathF.Max(row[c], 1e-30f));
                }
            }
        }

        return rows;
    }
}
