using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BatchWorkers.Training.Transfer;

/// <summary>A trained Linear head (features → classes) on the CPU; the caller owns (disposes) it.</summary>
public sealed class LinearHead : IDisposable
{
    internal LinearHead(Linear layer, int bestEpoch, int epochsRun, double heldOutLoss, double heldOutAccuracy)
    {
        Layer = layer;
        (BestEpoch, EpochsRun, HeldOutLoss, HeldOutAccuracy) = (bestEpoch, epochsRun, heldOutLoss, heldOutAccuracy);
    }

    /// <summary>The TorchSharp layer: weight [classes, features], bias [classes].</summary>
    public Linear Layer { get; }

    /// <summary>Input width.</summary>
    public int FeatureCount => (int)Layer.in_features;

    /// <summary>Output width.</summary>
    public int ClassCount => (int)Layer.out_features;

    /// <summary>Epoch whose weights the head holds.</summary>
    public int BestEpoch { get; }

    /// <summary>Epochs trained, early stopping included.</summary>
    public int EpochsRun { get; }

    /// <summary>Held-out cross-entropy of the kept weights.</summary>
    public double HeldOutLoss { get; }

    /// <summary>Held-out accuracy of the kept weights (on the features, i.e. of the whole grafted model).</summary>
    public double HeldOutAccuracy { get; }

    /// <summary>The weight, row-major [classes, features]: ONNX Gemm's B with transB = 1.</summary>
    public float[] Weight() => Values(Layer.weight!);

    /// <summary>The bias [classes].</summary>
    public float[] Bias() => Values(Layer.bias!);

    /// <summary>Logits for each feature row, computed by TorchSharp.</summary>
    public float[][] Logits(IReadOnlyList<float[]> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var output = Layer.forward(LinearHeadTrainer.ToTensor(features, FeatureCount)).data<float>().ToArray();
        return Enumerable.Range(0, features.Count).Select(i => output.AsSpan(i * ClassCount, ClassCount).ToArray()).ToArray();
    }

    /// <inheritdoc />
    public void Dispose() => Layer.Dispose();

    private static float[] Values(Tensor tensor)
    {
        using var cpu = tensor.detach().cpu().contiguous();
        return cpu.data<float>().ToArray();
    }
}
