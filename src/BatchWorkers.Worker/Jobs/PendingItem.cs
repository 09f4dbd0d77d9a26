namespace BatchWorkers.Worker.Jobs;

/// <summary>An item of a chunk that has no result yet, with its stored content.</summary>
public sealed class PendingItem
{
    public int ItemIndex { get; init; }
    public string? Name { get; init; }
    public string? Uri { get; init; }
    public string? TextContent { get; init; }
    public byte[]? Data { get; init; }
    public string? IntakeErrorCode { get; init; }
    public string? IntakeError { get; init; }
}

/// <summary>
/// What processing an item produced: an output (JSON) or an error, never both. <see cref="RedactedInput"/>, when set,
/// replaces the item's stored input (personal data masked once the item is done).
/// </summary>
public sealed record ItemOutcome(
    int ItemIndex,
    bool Succeeded,
    string? OutputJson,
    string? ErrorCode,
    string? Error,
    string? ModelVersion,
    string? ExecutionProvider,
    double DurationMs,
    string? RedactedInput = null)
{
    public static ItemOutcome Failure(int itemIndex, string code, string error, string? modelVersion = null) =>
        new(itemIndex, false, null, code, error, modelVersion, null, 0);
}
