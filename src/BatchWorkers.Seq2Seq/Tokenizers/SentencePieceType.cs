namespace BatchWorkers.Seq2Seq.Tokenizers;

/// <summary>A SentencePiece piece's <c>type</c> field, numbered as in <c>sentencepiece_model.proto</c>.</summary>
internal enum SentencePieceType
{
    Normal = 1,
    Unknown = 2,
    Control = 3,
    UserDefined = 4,
    Unused = 5,
    Byte = 6,
}
