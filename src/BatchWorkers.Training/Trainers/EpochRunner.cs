using BatchWorkers.Training.Datasets;
using BatchWorkers.Training.Distillation;
using BatchWorkers.Training.Models;
using BatchWorkers.Training.Optimizers;
using static TorchSharp.torch;

namespace BatchWorkers.Training.Trainers;

/// <summary>
/// One epoch's training steps, and the held-out evaluation that follows them. With <paramref name="distillation"/>
/// the training loss is the distillation loss; held-out loss stays cross-entropy against the labels.
/// </summary>
internal sealed class EpochRunner(
    CompactCnn model, ParameterOptimizer optimizer, TrainingOptions options, Device device, DistillationTargets? distillation = null)
{
    private readonly BatchAugmenter _augmenter = new(options);

    public static int StepsPerEpoch(int trainCount, int batchSize) => (trainCount + batchSize - 1) / batchSize;

    /// <summary>Trains on every image once, in the epoch's shuffled order; returns mean loss and accuracy.</summary>
    public (double Loss, double Accuracy) Train(
        ImageDataset data, int epoch, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        model.train();
        var random = EpochRandom.For(options.Seed, epoch);
        var order = EpochRandom.Order(data.Count, random);
        var steps = StepsPerEpoch(data.Count, options.BatchSize);
        var (lossSum, correct) = (0.0, 0L);
        for (var step = 0; step < steps; step++)
        {
            // Checked before every step, so a cancelled job stops within one step.
            cancellationToken.ThrowIfCancellationRequested();
            var indices = order.AsSpan(step * options.BatchSize, Math.Min(options.BatchSize, data.Count - (step * options.BatchSize)));
            var (loss, hits) = Step(data, indices, random);
            (lossSum, correct) = (lossSum + (loss * indices.Length), correct + hits);
            progress?.Report(new TrainingProgress(
                epoch, options.Epochs, step + 1, steps, loss, hits / (double)indices.Length));
        }

        return (lossSum / data.Count, correct / (double)data.Count);
    }

    /// <summary>Mean loss and accuracy on <paramref name="data"/> in eval mode (BatchNorm uses running statistics).</summary>
    public (double Loss, double Accuracy) Evaluate(ImageDataset data, CancellationToken cancellationToken)
    {
        model.eval();
        using var noGrad = no_grad();
        var (lossSum, correct) = (0.0, 0L);
        for (var start = 0; start < data.Count; start += options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var count = Math.Min(options.BatchSize, data.Count - start);
            var input = tensor(
                data.Pixels.Slice(start * data.ImageLength, count * data.ImageLength).ToArray(),
                [count, data.Channels, data.Height, data.Width]).to(device);
            var labels = tensor(data.Labels.Skip(start).Take(count).Select(label => (long)label).ToArray(), [count]).to(device);
            var logits = model.forward(input);
            lossSum += nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.Sum).item<float>();
            correct += logits.argmax(1).eq(labels).sum().item<long>();
        }

        return (lossSum / data.Count, correct / (double)data.Count);
    }

    private (double Loss, long Correct) Step(ImageDataset data, ReadOnlySpan<int> indices, Random random)
    {
        using var scope = NewDisposeScope();
        var pixels = new float[indices.Length * data.ImageLength];
        var labels = new long[indices.Length];
        var classes = model.Options.ClassCount;
        var teacher = distillation is null ? null : new float[indices.Length * classes];
        for (var i = 0; i < indices.Length; i++)
        {
            // Looked up by the image's index, so shuffling keeps each image with its own soft target; flips and
            // shifts keep the same target on purpose (the teacher saw the unaugmented image).
            distillation?.TeacherLogits[indices[i]].CopyTo(teacher.AsSpan(i * classes, classes));
            _augmenter.Copy(
                data.Image(indices[i]),
                pixels.AsSpan(i * data.ImageLength, data.ImageLength),
                data.Channels,
                data.Height,
                data.Width,
                random);
            labels[i] = data.Labels[indices[i]];
        }

        var input = tensor(pixels, [indices.Length, data.Channels, data.Height, data.Width]).to(device);
        var target = tensor(labels, [indices.Length]).to(device);
        optimizer.ZeroGrad();
        var logits = model.forward(input);
        var loss = teacher is null
            ? nn.functional.cross_entropy(logits, target)
            : DistillationLoss.Compute(
                logits, tensor(teacher, [indices.Length, classes]).to(device), target, distillation!.Temperature, distillation.Alpha);
        loss.backward();
        optimizer.Step();
        return (loss.item<float>(), logits.argmax(1).eq(target).sum().item<long>());
    }
}
