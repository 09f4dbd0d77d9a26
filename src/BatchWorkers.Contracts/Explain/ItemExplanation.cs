using System.Text.Json;

namespace BatchWorkers.Contracts;

/// <summary>
/// An item's explanation report (<c>GET /api/jobs/{id}/items/{index}/explanation</c>). <see cref="Assets"/> name the
/// pictures and pages that go with it (<c>GET …/explanation/ASSET</c>), e.g. <c>heatmap.png</c> or <c>tokens.html</c>.
/// </summary>
/// <param name="JobId">The job.</param>
/// <param name="ItemIndex">The item.</param>
/// <param name="Kind"><c>saliency</c>, <c>attribution</c> or <c>training</c>.</param>
/// <param name="State"><c>pending</c>, <c>done</c> or <c>failed</c>.</param>
/// <param name="Report">The report's data (methods, grids or token scores, faithfulness), once done.</param>
/// <param name="Assets">Names of the report's files.</param>
/// <param name="Error">Why the report failed; the result it explains is unaffected.</param>
/// <param name="RequestedAt">When the report was requested.</param>
/// <param name="CompletedAt">When it was stored.</param>
public sealed record ItemExplanation(
    Guid JobId, int ItemIndex, string Kind, string State, JsonElement? Report, IReadOnlyList<string> Assets, string? Error,
    DateTimeOffset RequestedAt, DateTimeOffset? CompletedAt);

/// <summary>How a job's explanation reports stand.</summary>
public sealed record ExplanationCounts(int Requested, int Done, int Failed);
