using System.Net;

namespace BatchWorkers.Contracts;

/// <summary>
/// A non-success answer of the BatchWorkers HTTP API. <see cref="Title"/>, <see cref="Detail"/> and
/// <see cref="Errors"/> come from the RFC 7807 problem body when the worker sent one.
/// </summary>
public sealed class BatchWorkersApiException(
    string message,
    HttpStatusCode statusCode,
    string? title = null,
    string? detail = null,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? errors = null)
    : Exception(message)
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    public string? Title { get; } = title;

    public string? Detail { get; } = detail;

    /// <summary>Validation errors by field; empty when there are none.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors { get; } =
        errors ?? new Dictionary<string, IReadOnlyList<string>>();
}
