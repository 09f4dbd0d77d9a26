using System.Text.Json;
using BatchWorkers.Contracts;

namespace BatchWorkers.Worker.Jobs.Api;

/// <summary>Turns <c>POST /api/jobs</c> (JSON, or multipart with image files) into a <see cref="JobSubmission"/>.</summary>
public static class SubmitRequestReader
{
    public static async Task<JobSubmission> ReadAsync(HttpRequest request, JobTypeRegistry registry, CancellationToken cancellationToken)
    {
        var body = request.HasFormContentType ? await ReadFormAsync(request, cancellationToken) : await ReadJsonAsync(request, cancellationToken);
        return ToSubmission(body, registry, request.HasFormContentType ? "http-multipart" : "http");
    }

    private static async Task<SubmitJobRequest> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            throw new BadRequestException(
                $"Content type '{request.ContentType}' is not accepted: send the job as application/json, or as multipart/form-data with image files.",
                StatusCodes.Status415UnsupportedMediaType);
        }

        if (request.ContentLength == 0)
        {
            throw new BadRequestException("The request body is empty: send a JSON job.");
        }

        try
        {
            return await request.ReadFromJsonAsync<SubmitJobRequest>(BatchWorkersJson.Options, cancellationToken)
                ?? throw new BadRequestException("The request body is null: send a JSON job.");
        }
        catch (JsonException ex)
        {
            // A value that is not one of an enum's names gets the list of names, not the converter's message.
            throw new BadRequestException("The request body is not a valid job: " + ex.Path switch
            {
                "$.type" => MustBeOneOf<JobType>("type"),
                "$.priority" => MustBeOneOf<JobPriority>("priority"),
                "$.redact" => MustBeOneOf<RedactionMode>("redact"),
                _ => ex.Message,
            });
        }
    }

    private static async Task<SubmitJobRequest> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var items = new List<JobItem>();
        foreach (var file in form.Files)
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancellationToken);
            items.Add(JobItem.FromBytes(buffer.ToArray(), file.FileName));
        }

        return new SubmitJobRequest
        {
            Type = ParseEnum(form["type"].ToString(), JobType.ImageClassification, "type"),
            Model = form["model"].ToString(),
            ModelVersion = NullIfEmpty(form["modelVersion"].ToString()),
            Priority = ParseEnum(form["priority"].ToString(), JobPriority.Normal, "priority"),
            IdempotencyKey = NullIfEmpty(form["idempotencyKey"].ToString()),
            TopK = int.TryParse(form["topK"].ToString(), out var topK) ? topK : null,
            Items = items,
        };
    }

    private static JobSubmission ToSubmission(SubmitJobRequest body, JobTypeRegistry registry, string via)
    {
        if (string.IsNullOrWhiteSpace(body.Model))
        {
            throw new BadRequestException("'model' is required: the name of an installed model (GET /api/models lists them).");
        }

        var parameters = registry.Get(body.Type).ParametersFrom(body);
        return new JobSubmission(body.Type, body.Model, body.ModelVersion, body.Priority, NullIfEmpty(body.IdempotencyKey),
            parameters, body.Items ?? [], via, Retention: body.Retention, Sensitive: body.Sensitive, Explain: body.Explain);
    }

    private static T ParseEnum<T>(string value, T fallback, string field)
        where T : struct, Enum
    {
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }

        return Enum.TryParse<T>(value.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var parsed)
            ? parsed
            : throw new BadRequestException(MustBeOneOf<T>(field));
    }

    private static string MustBeOneOf<T>(string field)
        where T : struct, Enum =>
        $"'{field}' must be one of: {string.Join(", ", Enum.GetNames<T>().Select(n => JsonNamingPolicy.KebabCaseLower.ConvertName(n)))}.";

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>A request the API cannot read; answered with a 400 problem (or 415 for a body that is not JSON).</summary>
public sealed class BadRequestException(string message, int statusCode = StatusCodes.Status400BadRequest) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
