namespace BatchWorkers.Onnx.Classifiers;

/// <summary>
/// Writes a small CNN image classifier from PyTorch-layout weights:
/// <c>pixel_values</c> [N, C, H, W] → conv blocks → GlobalAveragePool → Flatten → Gemm → optional Softmax →
/// <c>logits</c> [N, classes]. Metadata <c>output_kind</c> says whether the output holds logits or probabilities.
/// </summary>
/// <param name="height">Input height in pixels.</param>
/// <param name="width">Input width in pixels.</param>
/// <param name="channels">Input channels. Default: 3 (RGB).</param>
public sealed class ClassifierBuilder(int height, int width, int channels = 3)
{
    /// <summary>The input tensor's name, as in Hugging Face exports.</summary>
    public const string InputName = "pixel_values";

    /// <summary>The output tensor's name, whether or not it went through Softmax.</summary>
    public const string OutputName = "logits";

    /// <summary>metadata_props key whose value is "logits" or "probabilities".</summary>
    public const string OutputKindKey = "output_kind";

    private readonly List<ConvBlock> _blocks = [];
    private LinearWeights? _head;
    private bool _softmax;

    /// <summary>Appends a conv block; blocks run in the order added.</summary>
    public ClassifierBuilder AddConvBlock(ConvBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        _blocks.Add(block);
        return this;
    }

    /// <summary>Sets the final Linear layer (Gemm with transB = 1).</summary>
    public ClassifierBuilder WithHead(LinearWeights head)
    {
        _head = head ?? throw new ArgumentNullException(nameof(head));
        return this;
    }

    /// <summary>Ends the network with Softmax, so <c>logits</c> holds probabilities.</summary>
    public ClassifierBuilder WithSoftmax(bool include = true)
    {
        _softmax = include;
        return this;
    }

    /// <summary>Builds the model; add more metadata to the result before saving if needed.</summary>
    /// <exception cref="ArgumentException">Channels, sizes or weight lengths do not fit together.</exception>
    /// <exception cref="InvalidOperationException">No conv block or no head was given.</exception>
    public OnnxModelBuilder Build()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        if (_blocks.Count == 0)
        {
            throw new InvalidOperationException("A classifier needs at least one conv block.");
        }

        var head = _head ?? throw new InvalidOperationException("Call WithHead before Build.");
        var model = new OnnxModelBuilder("classifier");
        var graph = model.Graph;
        var x = graph.AddFloatInput(InputName, "N", channels, height, width);
        var (c, h, w) = (channels, height, width);
        for (var i = 0; i < _blocks.Count; i++)
        {
            var prefix = $"block{i}";
            (h, w) = ConvBlockWriter.OutputSize(_blocks[i], prefix, c, h, w);
            x = ConvBlockWriter.Write(graph, _blocks[i], prefix, x);
            c = _blocks[i].OutChannels;
        }

        if (head.InFeatures != c)
        {
            throw new ArgumentException(
                $"The head expects {head.InFeatures} features but the last conv block gives {c} channels.");
        }

        x = graph.Flatten(graph.GlobalAveragePool(x, "pooled"), "features");
        var weight = graph.AddInitializer("head.weight", head.Weight, head.OutFeatures, head.InFeatures);
        var bias = graph.AddInitializer("head.bias", head.Bias, head.OutFeatures);
        var scores = graph.Gemm(x, weight, bias, _softmax ? "head" : OutputName, transB: true);
        if (_softmax)
        {
            graph.Softmax(scores, OutputName, axis: 1);
        }

        graph.AddFloatOutput(OutputName, "N", head.OutFeatures);
        model.AddMetadata(OutputKindKey, _softmax ? "probabilities" : "logits");
        return model;
    }
}
