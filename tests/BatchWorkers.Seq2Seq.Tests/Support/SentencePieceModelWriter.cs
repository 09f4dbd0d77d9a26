using Google.Protobuf;

namespace BatchWorkers.Seq2Seq.Tests.Support;

/// <summary>
/// Writes small SentencePiece unigram model protos with CodedOutputStream, using the field numbers of
/// sentencepiece_model.proto (see ../shared/FORMATS.md), because no real model can be downloaded here.
/// </summary>
internal static class SentencePieceModelWriter
{
    public const int Normal = 1;
    public const int Unknown = 2;
    public const int Control = 3;

    public const int UnigramModel = 1;
    public const int WordModel = 3;

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

    public readonly record struct SpecialIds(int Unknown, int Bos, int Eos, int Pad);
}
