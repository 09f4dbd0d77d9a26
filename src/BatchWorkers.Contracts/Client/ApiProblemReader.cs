using System.Net;
using System.Text;
using System.Text.Json;

namespace BatchWorkers.Contracts;

/// <summary>Turns a non-success response into a <see cref="BatchWorkersApiException"/> a person can act on.</summary>
internal static class ApiProblemReader
{
    private const int MaxBodyChars = 2000;

    public static async Task<BatchWorkersApiException> ReadAsync(
        HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(response, cancellationToken);
        var (title, detail, errors) = TryParseProblem(body);
        if (title is null && detail is null && !string.IsNullOrWhiteSpace(body) && !LooksLikeJson(body))
        {
            detail = body.Trim();
        }

        var status = response.StatusCode;
        var message = new StringBuilder()
            .Append(request.Method).Append(' ').Append(request.RequestUri)
            .Append(" failed with ").Append((int)status).Append(' ').Append(response.ReasonPhrase ?? status.ToString());
        if (title is not null)
        {
            message.Append(": ").Append(title.TrimEnd('.')).Append('.');
        }

        if (detail is not null)
        {
            message.Append(' ').Append(detail);
        }

        foreach (var (field, fieldErrors) in errors)
        {
            message.AppendLine().Append("  ").Append(field).Append(": ").Append(string.Join(" ", fieldErrors));
        }

        if (Hint(status) is { } hint)
        {
            message.AppendLine().Append(hint);
        }

        return new BatchWorkersApiException(message.ToString(), status, title, detail, errors);
    }

    private static string? Hint(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized =>
            $"The worker needs an API key from callers that are not local: send it in the {BatchWorkersApiClient.ApiKeyHeader} header.",
        HttpStatusCode.Forbidden => "The API key was accepted but may not do this.",
        HttpStatusCode.ServiceUnavailable => "The worker is not ready (starting, or a dependency is down); try again shortly.",
        _ => null,
    };

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return body.Length <= MaxBodyChars ? body : body[..MaxBodyChars] + "…";
        }
        catch (HttpRequestException)
        {
            return "";
        }
    }

    private static bool LooksLikeJson(string body) => body.TrimStart() is ['{' or '[', ..];

    private static (string? Title, string? Detail, Dictionary<string, IReadOnlyList<string>> Errors) TryParseProblem(string body)
    {
        var errors = new Dictionary<string, IReadOnlyList<string>>();
        if (!LooksLikeJson(body))
        {
            return (null, null, errors);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null, errors);
            }

            if (root.TryGetProperty("errors", out var errorsElement) && errorsElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in errorsElement.EnumerateObject())
                {
                    errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                        ? field.Value.EnumerateArray().Select(e => e.ToString()).ToList()
                        : [field.Value.ToString()];
                }
            }

            return (StringProperty(root, "title"), StringProperty(root, "detail"), errors);
        }
        catch (JsonException)
        {
            return (null, null, errors);
        }
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
