using BatchWorkers.Training.Datasets;
using Microsoft.ML.OnnxRuntime;

namespace BatchWorkers.Training.Export;

/// <summary>Runs an ONNX Runtime session over a dataset in batches and returns one output's rows, one per image.</summary>
internal static class OnnxImageRunner
{
    public static float[][] Run(
        InferenceSession session, string outputName, ImageDataset data, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var inputName = session.InputNames[0];
        var rows = new float[data.Count][];
        using var runOptions = new RunOptions();
        for (var start = 0; start < data.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(batchSize, data.Count - start);
            var pixels = data.Pixels.Slice(start * data.ImageLength, count * data.ImageLength).ToArray();
            using var input = OrtValue.CreateTensorValueFromMemory(pixels, [count, data.Channels, data.Height, data.Width]);
            using var outputs = session.Run(runOptions, [inputName], [input], [outputName]);
            var values = outputs[0].GetTensorDataAsSpan<float>();
            var width = values.Length / count;
            for (var i = 0; i < count; i++)
            {
                rows[start + i] = values.Slice(i * width, width).ToArray();
            }
        }

        return rows;
    }
}
