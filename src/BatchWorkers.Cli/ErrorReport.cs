using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using BatchWorkers.Contracts;

namespace BatchWorkers.Cli;

/// <summary>Turns what went wrong into a message a person can act on, and the exit code for it.</summary>
internal sealed record ErrorReport(string Message, int ExitCode)
{
    /// <summary>Null for exceptions that are bugs in <c>bw</c>: those keep their stack trace.</summary>
    public static ErrorReport? Describe(Exception exception, string url, string? apiKey, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => new("Interrupted.", ExitCodes.Interrupted),
        TaskCanceledException => new($"The worker at {url} did not answer in time.", ExitCodes.Error),
        CliException cli => new(cli.Message, ExitCodes.Error),
        BatchWorkersApiException { StatusCode: HttpStatusCode.Unauthorized } => new(
            string.IsNullOrEmpty(apiKey)
                ? $"The worker at {url} wants an API key: pass --api-key or set BW_API_KEY."
                : $"The worker at {url} rejected the API key: check --api-key or BW_API_KEY.",
            ExitCodes.Error),
        BatchWorkersApiException api => new(Problem(api), ExitCodes.Error),
        HttpRequestException http when IsUnreachable(http) => new(
            $"Cannot reach the BatchWorkers worker at {url}. Is it running? Start it with ./quickstart.sh, or point --url / BW_URL at it.",
            ExitCodes.Error),
        HttpRequestException http => new($"The request to {url} failed: {http.Message}", ExitCodes.Error),
        JsonException json => new($"The worker at {url} sent an answer bw cannot read: {json.Message}", ExitCodes.Error),
        IOException or UnauthorizedAccessException => new(exception.Message, ExitCodes.Error),
        _ => null,
    };

    private static bool IsUnreachable(HttpRequestException exception) =>
        exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
        || exception.InnerException is SocketException;

    private static string Problem(BatchWorkersApiException exception)
    {
        if (exception.Title is null && exception.Detail is null)
        {
            return exception.Message;
        }

        var message = new StringBuilder(exception.Title ?? $"{(int)exception.StatusCode} {exception.StatusCode}");
        if (exception.Detail is not null)
        {
            message.Append(": ").Append(exception.Detail);
        }

        foreach (var (field, errors) in exception.Errors)
        {
            message.AppendLine().Append("  ").Append(field).Append(": ").Append(string.Join(" ", errors));
        }

        return message.ToString();
    }
}
