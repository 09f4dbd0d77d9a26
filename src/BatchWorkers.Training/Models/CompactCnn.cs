using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BatchWorkers.Training.Models;

/// <summary>
/// A small image classifier: conv blocks → global average pool → Linear, returning logits [N, classes].
/// Its layers map one-to-one onto ClassifierBuilder, so it exports to ONNX without an exporter of its own.
/// </summary>
public sealed class CompactCnn : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<CompactCnnBlock> _blocks;

    private CompactCnn(CompactCnnOptions options)
        : base(nameof(CompactCnn))
    {
        Options = options;
        var channels = options.InputChannels;
        var blocks = new List<CompactCnnBlock>();
        foreach (var outChannels in options.BlockChannels)
        {
            blocks.Add(new CompactCnnBlock(channels, outChannels, options));
            channels = outChannels;
        }

        Blocks = blocks.AsReadOnly();
        _blocks = new ModuleList<CompactCnnBlock>(blocks.ToArray());

        Head = nn.Linear(channels, options.ClassCount);
        register_module("blocks", _blocks);
        register_module("head", Head);
    }

    /// <summary>The options the model was built with.</summary>
    public CompactCnnOptions Options { get; }

    /// <summary>The conv blocks, in order.</summary>
    public IReadOnlyList<CompactCnnBlock> Blocks { get; }

    /// <summary>The classifier head: weight [classes, last block's channels], bias [classes].</summary>
    public Linear Head { get; }

    /// <summary>
    /// Builds a model with weights initialised from <paramref name="seed"/> (it seeds TorchSharp's global generator,
    /// so the same seed and options give the same weights).
    /// </summary>
    /// <exception cref="System.ComponentModel.DataAnnotations.ValidationException">The options are invalid.</exception>
    public static CompactCnn Create(CompactCnnOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        manual_seed(seed);
        return new CompactCnn(options);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input;
        foreach (var block in Blocks)
        {
            x = block.forward(x);
        }

        // Global average pool then flatten: ONNX GlobalAveragePool → Flatten.
        var pooled = x.mean([2, 3]);
        return Head.forward(pooled).MoveToOuterDisposeScope();
    }
}
