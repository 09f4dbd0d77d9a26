namespace BatchWorkers.Contracts;

/// <summary>Stable error codes recorded on failed items.</summary>
public static class ItemErrorCodes
{
    public const string EmptyInput = "input.empty";
    public const string InputTooLarge = "input.too_large";
    public const string InputNotAllowed = "input.not_allowed";
    public const string InputUnreachable = "input.unreachable";
    public const string InputInvalid = "input.invalid";
    public const string ImageCorrupt = "image.corrupt";
    public const string ImageUnsupportedFormat = "image.unsupported_format";
    public const string ImageTooLarge = "image.too_large";
    public const string TextInvalidUtf8 = "text.invalid_utf8";
    public const string TextInvalid = "text.invalid";
    public const string RedactionFailed = "redaction.failed";
    public const string ModelFailed = "model.failed";
    public const string ModelIntegrity = "model.integrity";
    public const string ChunkFailed = "chunk.failed";
    public const string Cancelled = "job.cancelled";
}
