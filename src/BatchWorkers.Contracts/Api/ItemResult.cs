using System.Text.Json;

namespace BatchWorkers.Contracts;

/// <summary>
/// The outcome of one item: an <see cref="Output"/> when it succeeded, else an <see cref="ErrorCode"/>
/// (stable, for programs; see <see cref="ItemErrorCodes"/>) and an <see cref="Error"/> (for people).
/// </summary>
public sealed record ItemResult(
    int Index,
    string? Name,
    bool Succeeded,
    JsonElement? Output,
    string? ErrorCode,
    string? Error,
    string? ModelVersion,
    string? ExecutionProvider,
    double DurationMs,
    DateTimeOffset CompletedAt);

/// <summary>One page of <c>GET /api/jobs/{id}/results</c>.</summary>
public sealed record ResultsPage(Guid JobId, int Offset, int Limit, int Total, IReadOnlyList<ItemResult> Items);
