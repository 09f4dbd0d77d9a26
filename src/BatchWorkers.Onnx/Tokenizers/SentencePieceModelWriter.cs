using Google.Protobuf;

namespace BatchWorkers.Onnx.Tokenizers;

/// <summary>
/// Writes small SentencePiece model protos (<c>.spm</c>, <c>spiece.model</c>) with CodedOutputStream, using the field
/// numbers of sentencepiece_model.proto, for fixtures and designed sample models: no trained tokenizer can be
/// downloaded where these are made, and Debian's <c>spm_train</c> is not always installed.
/// </summary>
public static class SentencePieceModelWriter
{
    /// <summary>Piece type NORMAL.</summary>
    public const int Normal = 1;

    /// <summary>Piece type UNKNOWN.</summary>
    public const int Unknown = 2;

    /// <summary>Piece type CONTROL (&lt;s&gt;, &lt;/s&gt;, &lt;pad&gt;).</summary>
    public const int Control = 3;

    /// <summary>Model type UNIGRAM.</summary>
    public const int UnigramModel = 1;

    /// <summary>Model type WORD.</summary>
    public const int WordModel = 3;

    /// <summary>Writes a model with <paramref name="pieces"/> in id order.</summary>
    /// <param name="path">The file to create.</param>
    /// <param name="pieces">Piece, score and type of each id.</param>
    /// <param name="ids">The special ids (−1 for none).</param>
    /// <param name="modelType"><see cref="UnigramModel"/> or <see cref="WordModel"/>.</param>
    /// <param name="withNormalizerSpec">Write an empty normalizer spec (the defaults); false leaves it out.</param>

    public static void Write(
        string path,
        IReadOnlyList<(string Piece, float Score, int Type)> pieces,
        SpecialIds ids,
        int modelType = UnigramModel,
        bool withNormalizerSpec = true)
    {
        using FileStream file = File.Create(path);
        using var output = new CodedOutputStream(file);
        foreach ((string piece, float score, int type) in pieces)
        {
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(Message(o =>
            {
                o.WriteTag(1, WireFormat.WireType.LengthDelimited);
                o.WriteString(piece);
                o.WriteTag(2, WireFormat.WireType.Fixed32);
                o.WriteFloat(score);
                o.WriteTag(3, WireFormat.WireType.Varint);
                o.WriteInt32(type);
            }));
        }

        output.WriteTag(2, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(Message(o =>
        {
            o.WriteTag(3, WireFormat.WireType.Varint);
            o.WriteInt32(modelType);
            o.WriteTag(4, WireFormat.WireType.Varint);
            o.WriteInt32(pieces.Count);
            o.WriteTag(40, WireFormat.WireType.Varint);
            o.WriteInt32(ids.Unknown);
            o.WriteTag(41, WireFormat.WireType.Varint);
            o.WriteInt32(ids.Bos);
            o.WriteTag(42, WireFormat.WireType.Varint);
            o.WriteInt32(ids.Eos);
            o.WriteTag(43, WireFormat.WireType.Varint);
            o.WriteInt32(ids.Pad);
        }));

        // An empty normalizer_spec: the defaults add the dummy prefix, collapse whitespace and escape it as ▁.
        if (withNormalizerSpec)
        {
            output.WriteTag(3, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.Empty);
        }
    }

    private static ByteString Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            write(output);
        }

        return ByteString.CopyFrom(buffer.ToArray());
    }

    /// <summary>The special ids a model declares; −1 for none.</summary>
    public readonly record struct SpecialIds(int Unknown, int Bos, int Eos, int Pad);
}
