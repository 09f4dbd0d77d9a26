using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace BatchWorkers.Seq2Seq.Onnx;

/// <summary>
/// What one decoder file takes and gives, read from its session's metadata: which of the known inputs it
/// declares, how many layers its past/present tensors cover, and their head count and size.
/// </summary>
internal sealed class DecoderSignature
{
    private DecoderSignature(InferenceSession session, string path)
    {
        Session = session;
        Path = path;
    }

    public InferenceSession Session { get; }

    public string Path { get; }

    public bool TakesEncoderHiddenStates { get; private init; }

    public bool TakesEncoderAttentionMask { get; private init; }

    public bool TakesUseCacheBranch { get; private init; }

    /// <summary>Decoder layers, from the past inputs or present outputs; 0 when it has neither.</summary>
    public int Layers { get; private init; }

    /// <summary>Takes past_key_values for every layer, decoder and encoder.</summary>
    public bool TakesPast { get; private init; }

    /// <summary>Gives present.*.decoder.* for every layer.</summary>
    public bool GivesDecoderPresents { get; private init; }

    /// <summary>Gives present.*.encoder.* for every layer.</summary>
    public bool GivesEncoderPresents { get; private init; }

    /// <summary>Dims 1 and 3 of the key/value tensors where the file fixes them, else 1 (only zero-length
    /// placeholders are ever built from them, and a symbolic dim accepts any size).</summary>
    public long Heads { get; private init; } = 1;

    public long HeadDim { get; private init; } = 1;

    /// <exception cref="NotSupportedException">The file declares an input the runner cannot feed, or tensors
    /// of an unsupported element type.</exception>
    public static DecoderSignature Read(InferenceSession session, string path)
    {
        var pastSlots = new HashSet<KeyValueSlot>();
        var presentSlots = new HashSet<KeyValueSlot>();
        long heads = 1;
        long headDim = 1;
        foreach ((string name, NodeMetadata metadata) in session.InputMetadata)
        {
            switch (name)
            {
                case Seq2SeqTensorNames.InputIds or Seq2SeqTensorNames.EncoderAttentionMask:
                    Require(metadata, TensorElementType.Int64, name, path);
                    break;
                case Seq2SeqTensorNames.EncoderHiddenStates:
                    Require(metadata, TensorElementType.Float, name, path);
                    break;
                case Seq2SeqTensorNames.UseCacheBranch:
                    Require(metadata, TensorElementType.Bool, name, path);
                    break;
                default:
                    if (!Seq2SeqTensorNames.TryParseKeyValue(name, out bool isPast, out KeyValueSlot slot) || !isPast)
                    {
                        throw new NotSupportedException(
                            $"'{path}' takes an input '{name}' that the seq2seq runner does not know how to feed.");
                    }

                    Require(metadata, TensorElementType.Float, name, path);
                    pastSlots.Add(slot);
                    (heads, headDim) = FixedHeadDims(metadata, heads, headDim);
                    break;
            }
        }

        foreach ((string name, NodeMetadata metadata) in session.OutputMetadata)
        {
            if (Seq2SeqTensorNames.TryParseKeyValue(name, out bool isPast, out KeyValueSlot slot) && !isPast)
            {
                Require(metadata, TensorElementType.Float, name, path);
                presentSlots.Add(slot);
                (heads, headDim) = FixedHeadDims(metadata, heads, headDim);
            }
        }

        if (!session.OutputMetadata.TryGetValue(Seq2SeqTensorNames.Logits, out NodeMetadata? logits))
        {
            throw new NotSupportedException($"'{path}' has no '{Seq2SeqTensorNames.Logits}' output.");
        }

        Require(logits, TensorElementType.Float, Seq2SeqTensorNames.Logits, path);
        if (!session.InputMetadata.ContainsKey(Seq2SeqTensorNames.InputIds))
        {
            throw new NotSupportedException($"'{path}' has no '{Seq2SeqTensorNames.InputIds}' input.");
        }

        int layers = pastSlots.Concat(presentSlots).Select(slot => slot.Layer + 1).DefaultIfEmpty(0).Max();
        bool Complete(HashSet<KeyValueSlot> slots, bool encoder) =>
            layers > 0 && KeyValueSlot.ForPart(layers, encoder).All(slots.Contains);

        return new DecoderSignature(session, path)
        {
            TakesEncoderHiddenStates = session.InputMetadata.ContainsKey(Seq2SeqTensorNames.EncoderHiddenStates),
            TakesEncoderAttentionMask = session.InputMetadata.ContainsKey(Seq2SeqTensorNames.EncoderAttentionMask),
            TakesUseCacheBranch = session.InputMetadata.ContainsKey(Seq2SeqTensorNames.UseCacheBranch),
            Layers = layers,
            TakesPast = Complete(pastSlots, encoder: false) && Complete(pastSlots, encoder: true),
            GivesDecoderPresents = Complete(presentSlots, encoder: false),
            GivesEncoderPresents = Complete(presentSlots, encoder: true),
            Heads = heads,
            HeadDim = headDim,
        };
    }

    private static (long Heads, long HeadDim) FixedHeadDims(NodeMetadata metadata, long heads, long headDim)
    {
        int[] dims = metadata.Dimensions;
        return dims.Length == 4
            ? (dims[1] > 0 ? dims[1] : heads, dims[3] > 0 ? dims[3] : headDim)
            : (heads, headDim);
    }

    private static void Require(NodeMetadata metadata, TensorElementType expected, string name, string path)
    {
        if (!metadata.IsTensor || metadata.ElementDataType != expected)
        {
            throw new NotSupportedException(
                $"'{path}' declares '{name}' as {metadata.ElementDataType}; the seq2seq runner needs {expected} "
                + "(float16 and quantized-input exports are not supported).");
        }
    }
}
