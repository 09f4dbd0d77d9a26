using BatchWorkers.Training.Datasets;
using static TorchSharp.torch;

namespace BatchWorkers.Training.Models;

/// <summary>Runs a <see cref="CompactCnn"/> in eval mode over a dataset, batch by batch, on the model's device.</summary>
public static class CompactCnnInference
{
    /// <summary>Images per forward pass. Default for the methods below.</summary>
    public const int DefaultBatchSize = 64;

    /// <summary>Raw logits, one row of ClassCount values per image. Leaves the model in eval mode.</summary>
    public static float[][] Logits(
        CompactCnn model, ImageDataset data, int batchSize = DefaultBatchSize, CancellationToken cancellationToken = default) =>
        Run(model, data, softmax: false, batchSize, cancellationToken);

    /// <summary>Softmax probabilities, one row per image. Leaves the model in eval mode.</summary>
    public static float[][] Probabilities(
        CompactCnn model, ImageDataset data, int batchSize = DefaultBatchSize, CancellationToken cancellationToken = default) =>
        Run(model, data, softmax: true, batchSize, cancellationToken);

    private static float[][] Run(CompactCnn model, ImageDataset data, bool softmax, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        model.eval();
        var device = model.Head.weight!.device;
        var rows = new float[data.Count][];
        using var noGrad = no_grad();
        for (var start = 0; start < data.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var count = Math.Min(batchSize, data.Count - start);
            var pixels = data.Pixels.Slice(start * data.ImageLength, count * data.ImageLength).ToArray();
            var input = tensor(pixels, [count, data.Channels, data.Height, data.Width]).to(device);
            var output = model.forward(input);
            if (softmax)
            {
                output = output.softmax(1);
            }

            var values = output.cpu().data<float>().ToArray();
            var classes = values.Length / count;
            for (var i = 0; i < count; i++)
            {
                rows[start + i] = values.AsSpan(i * classes, classes).ToArray();
            }
        }

        return rows;
    }
}
