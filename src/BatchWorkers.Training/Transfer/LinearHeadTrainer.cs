using BatchWorkers.Training.Optimizers;
using BatchWorkers.Training.Trainers;
using static TorchSharp.torch;

namespace BatchWorkers.Training.Transfer;

/// <summary>
/// Fits a Linear head with Adam on frozen backbone features (from <see cref="OnnxFeatureExtractor"/>), on the CPU:
/// the features are small, so a GPU would only add copies.
/// </summary>
public static class LinearHeadTrainer
{
    /// <summary>Trains the head; held-out loss drives early stopping and picks the weights kept.</summary>
    /// <param name="trainFeatures">One feature row per training image.</param>
    /// <param name="trainLabels">Class index per training image.</param>
    /// <param name="heldOutFeatures">One feature row per held-out image.</param>
    /// <param name="heldOutLabels">Class index per held-out image.</param>
    /// <param name="classCount">Classes of the new task.</param>
    /// <param name="options">Epochs, batch size, learning rate, seed, early stopping. Default: <see cref="HeadTrainingOptions"/>'s defaults.</param>
    /// <param name="cancellationToken">Checked before every epoch.</param>
    /// <exception cref="ArgumentException">Rows and labels do not fit together.</exception>
    public static LinearHead Train(
        IReadOnlyList<float[]> trainFeatures,
        IReadOnlyList<int> trainLabels,
        IReadOnlyList<float[]> heldOutFeatures,
        IReadOnlyList<int> heldOutLabels,
        int classCount,
        HeadTrainingOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new HeadTrainingOptions();
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        var featureCount = CheckRows(trainFeatures, trainLabels, classCount, featureCount: null, nameof(trainFeatures));
        CheckRows(heldOutFeatures, heldOutLabels, classCount, featureCount, nameof(heldOutFeatures));

        manual_seed(options.Seed);
        var layer = nn.Linear(featureCount, classCount);
        try
        {
            using var optimizer = new AdamOptimizer(layer.parameters(), options.LearningRate, options.WeightDecay);
            using var x = ToTensor(trainFeatures, featureCount);
            using var y = tensor(trainLabels.Select(label => (long)label).ToArray(), [trainLabels.Count]);
            using var heldOutX = ToTensor(heldOutFeatures, featureCount);
            using var heldOutY = tensor(heldOutLabels.Select(label => (long)label).ToArray(), [heldOutLabels.Count]);
            var best = (Epoch: 0, Loss: double.PositiveInfinity, Accuracy: 0.0, Weight: Array.Empty<float>(), Bias: Array.Empty<float>());
            var epoch = 0;
            while (epoch < options.Epochs && (options.EarlyStoppingPatience is not { } patience || epoch - best.Epoch < patience))
            {
                cancellationToken.ThrowIfCancellationRequested();
                epoch++;
                TrainEpoch(layer, optimizer, x, y, options, EpochRandom.For(options.Seed, epoch));
                var (loss, accuracy) = Evaluate(layer, heldOutX, heldOutY);
                if (loss < best.Loss || options.EarlyStoppingPatience is null)
                {
                    best = (epoch, loss, accuracy, Snapshot(layer.weight!), Snapshot(layer.bias!));
                }
            }

            if (best.Epoch == 0)
            {
                throw new InvalidOperationException("The head's held-out loss was never finite; lower the learning rate.");
            }

            Restore(layer.weight!, best.Weight);
            Restore(layer.bias!, best.Bias);
            return new LinearHead(layer, best.Epoch, epoch, best.Loss, best.Accuracy);
        }
        catch
        {
            layer.Dispose();
            throw;
        }
    }

    internal static Tensor ToTensor(IReadOnlyList<float[]> rows, int width)
    {
        var values = new float[rows.Count * width];
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i].CopyTo(values.AsSpan(i * width, width));
        }

        return tensor(values, [rows.Count, width]);
    }

    private static void TrainEpoch(
        TorchSharp.Modules.Linear layer, ParameterOptimizer optimizer, Tensor x, Tensor y, HeadTrainingOptions options, Random random)
    {
        var order = EpochRandom.Order((int)x.shape[0], random);
        for (var start = 0; start < order.Length; start += options.BatchSize)
        {
            using var scope = NewDisposeScope();
            var batch = tensor(order.AsSpan(start, Math.Min(options.BatchSize, order.Length - start)).ToArray().Select(i => (long)i).ToArray());
            optimizer.ZeroGrad();
            var loss = nn.functional.cross_entropy(layer.forward(x.index_select(0, batch)), y.index_select(0, batch));
            loss.backward();
            optimizer.Step();
        }
    }

    private static (double Loss, double Accuracy) Evaluate(TorchSharp.Modules.Linear layer, Tensor x, Tensor y)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var logits = layer.forward(x);
        var loss = nn.functional.cross_entropy(logits, y).item<float>();
        return (loss, logits.argmax(1).eq(y).sum().item<long>() / (double)y.shape[0]);
    }

    private static float[] Snapshot(Tensor tensor)
    {
        using var copy = tensor.detach().cpu().contiguous();
        return copy.data<float>().ToArray();
    }

    private static void Restore(Tensor parameter, float[] values)
    {
        using var noGrad = no_grad();
        using var source = tensor(values, parameter.shape);
        parameter.copy_(source);
    }

    private static int CheckRows(IReadOnlyList<float[]> rows, IReadOnlyList<int> labels, int classCount, int? featureCount, string name)
    {
        ArgumentNullException.ThrowIfNull(rows, name);
        ArgumentNullException.ThrowIfNull(labels);
        if (rows.Count == 0 || rows.Count != labels.Count)
        {
            throw new ArgumentException($"Need one label per feature row and at least one row; got {rows.Count} rows and {labels.Count} labels.", name);
        }

        var width = featureCount ?? rows[0].Length;
        if (width < 1 || rows.Any(row => row is null || row.Length != width) || labels.Any(label => label < 0 || label >= classCount))
        {
            throw new ArgumentException($"Every row needs {width} features and every label must be below {classCount}.", name);
        }

        return width;
    }
}
