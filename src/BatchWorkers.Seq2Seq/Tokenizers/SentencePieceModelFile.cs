using Google.Protobuf;
using Microsoft.ML.Tokenizers;

namespace BatchWorkers.Seq2Seq.Tokenizers;

/// <summary>
/// A SentencePiece <c>ModelProto</c> read just far enough to know its pieces and special ids, and to load it
/// into <see cref="SentencePieceTokenizer"/> even where Microsoft.ML.Tokenizers would reject it.
/// </summary>
internal sealed class SentencePieceModelFile
{
    // Field numbers from sentencepiece_model.proto (see ../shared/FORMATS.md).
    private const int PiecesField = 1;
    private const int TrainerSpecField = 2;
    private const int NormalizerSpecField = 3;
    private const int PieceTextField = 1;
    private const int PieceTypeField = 3;
    private const int ModelTypeField = 3;
    private const int UnknownIdField = 40;
    private const int BosIdField = 41;
    private const int EosIdField = 42;
    private const int PadIdField = 43;
    private const int BosPieceField = 46;
    private const int Unigram = 1;
    private const int Bpe = 2;

    private readonly byte[] _bytes;
    private readonly bool _hasTrainerSpec;
    private readonly bool _hasNormalizerSpec;

    private SentencePieceModelFile(byte[] bytes, Parsed parsed)
    {
        _bytes = bytes;
        _hasTrainerSpec = parsed.HasTrainerSpec;
        _hasNormalizerSpec = parsed.HasNormalizerSpec;
        Pieces = parsed.Pieces;
        Types = parsed.Types;
        UnknownId = parsed.UnknownId;
        BosId = parsed.BosId;
        EosId = parsed.EosId;
        PadId = parsed.PadId;
    }

    /// <summary>Piece strings; a piece's id is its index.</summary>
    public IReadOnlyList<string> Pieces { get; }

    public IReadOnlyList<SentencePieceType> Types { get; }

    public int UnknownId { get; }

    /// <summary>The model's BOS id, −1 when it has none (T5).</summary>
    public int BosId { get; }

    public int EosId { get; }

    public int PadId { get; }

    /// <exception cref="InvalidDataException">The file is not a SentencePiece model.</exception>
    /// <exception cref="NotSupportedException">The model is neither unigram nor BPE.</exception>
    public static SentencePieceModelFile Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Parsed parsed;
        try
        {
            parsed = Parse(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"'{path}' is not a SentencePiece model: {e.Message}", e);
        }

        if (parsed.Pieces.Count == 0)
        {
            throw new InvalidDataException($"'{path}' is not a SentencePiece model: it has no pieces.");
        }

        if (parsed.ModelType is not (Unigram or Bpe))
        {
            throw new NotSupportedException(
                $"'{path}' is a SentencePiece model of type {parsed.ModelType}; only unigram (1) and BPE (2) are supported.");
        }

        return new SentencePieceModelFile(bytes, parsed);
    }

    /// <summary>Creates the tokenizer; it never emits BOS.</summary>
    public SentencePieceTokenizer CreateTokenizer(bool addEndOfSentence)
    {
        using var stream = new MemoryStream(Patched(), writable: false);
        return SentencePieceTokenizer.Create(stream, addBeginningOfSentence: false, addEndOfSentence);
    }

    // SentencePieceTokenizer.Create throws IndexOutOfRangeException on bos_id = −1 (T5) and
    // NullReferenceException without trainer_spec or normalizer_spec. Protobuf merges a repeated embedded
    // message into the first and the last scalar wins, so appending fragments fixes that without re-serialising
    // the model. The stand-in BOS borrows an existing control piece and is never emitted.
    private byte[] Patched()
    {
        bool validBos = IsValidId(BosId);
        if (validBos && _hasTrainerSpec && _hasNormalizerSpec)
        {
            return _bytes;
        }

        using var patched = new MemoryStream();
        patched.Write(_bytes);
        using (var output = new CodedOutputStream(patched, leaveOpen: true))
        {
            if (!validBos || !_hasTrainerSpec)
            {
                int bosId = validBos ? BosId : StandInBosId();
                output.WriteTag(TrainerSpecField, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(Message(o =>
                {
                    o.WriteTag(BosIdField, WireFormat.WireType.Varint);
                    o.WriteInt32(bosId);
                    o.WriteTag(BosPieceField, WireFormat.WireType.LengthDelimited);
                    o.WriteString(Pieces[bosId]);
                }));
            }

            if (!_hasNormalizerSpec)
            {
                output.WriteTag(NormalizerSpecField, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(ByteString.Empty);
            }
        }

        return patched.ToArray();
    }

    private int StandInBosId() =>
        IsValidId(EosId) ? EosId
        : IsValidId(UnknownId) ? UnknownId
        : throw new InvalidDataException("The SentencePiece model has no bos_id and neither a valid eos_id nor unk_id to stand in.");

    private bool IsValidId(int id) => id >= 0 && id < Pieces.Count;

    private static ByteString Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            write(output);
        }

        return ByteString.CopyFrom(buffer.ToArray());
    }

    private static Parsed Parse(byte[] bytes)
    {
        var parsed = new Parsed();
        var input = new CodedInputStream(bytes);
        for (uint tag; (tag = input.ReadTag()) != 0;)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case PiecesField:
                    ReadPiece(input.ReadBytes(), parsed);
                    break;
                case TrainerSpecField:
                    parsed.HasTrainerSpec = true;
                    ReadTrainerSpec(input.ReadBytes(), parsed);
                    break;
                case NormalizerSpecField:
                    parsed.HasNormalizerSpec = true;
                    input.SkipLastField();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return parsed;
    }

    private static void ReadPiece(ByteString bytes, Parsed parsed)
    {
        string text = string.Empty;
        var type = SentencePieceType.Normal;
        var input = bytes.CreateCodedInput();
        for (uint tag; (tag = input.ReadTag()) != 0;)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case PieceTextField:
                    text = input.ReadString();
                    break;
                case PieceTypeField:
                    type = (SentencePieceType)input.ReadInt32();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        parsed.Pieces.Add(text);
        parsed.Types.Add(type);
    }

    private static void ReadTrainerSpec(ByteString bytes, Parsed parsed)
    {
        var input = bytes.CreateCodedInput();
        for (uint tag; (tag = input.ReadTag()) != 0;)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case ModelTypeField:
                    parsed.ModelType = input.ReadInt32();
                    break;
                case UnknownIdField:
                    parsed.UnknownId = input.ReadInt32();
                    break;
                case BosIdField:
                    parsed.BosId = input.ReadInt32();
                    break;
                case EosIdField:
                    parsed.EosId = input.ReadInt32();
                    break;
                case PadIdField:
                    parsed.PadId = input.ReadInt32();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }
    }

    /// <summary>What the parse found; starts at the defaults of sentencepiece_model.proto.</summary>
    private sealed class Parsed
    {
        public List<string> Pieces { get; } = [];

        public List<SentencePieceType> Types { get; } = [];

        public bool HasTrainerSpec { get; set; }

        public bool HasNormalizerSpec { get; set; }

        public int ModelType { get; set; } = Unigram;

        public int UnknownId { get; set; }

        public int BosId { get; set; } = 1;

        public int EosId { get; set; } = 2;

        public int PadId { get; set; } = -1;
    }
}
