using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace BatchWorkers.Contracts;

/// <summary>
/// A client for the worker's HTTP API over a caller-owned <see cref="HttpClient"/> whose
/// <see cref="HttpClient.BaseAddress"/> points at the worker (paths are relative, so a base address with a path
/// must end in <c>/</c>). Non-success answers throw <see cref="BatchWorkersApiException"/>.
/// </summary>
/// <param name="httpClient">The client to send with; not disposed by this class.</param>
/// <param name="apiKey">Sent as <see cref="ApiKeyHeader"/> on every request when not null or empty.</param>
public sealed class BatchWorkersApiClient(HttpClient httpClient, string? apiKey = null)
{
    public const string ApiKeyHeader = "X-Api-Key";

    public const string NdjsonMediaType = "application/x-ndjson";

    private static JsonSerializerOptions Json => BatchWorkersJson.Options;

    /// <summary>Submits a job; returns the existing job when its idempotency key was seen before.</summary>
    public Task<JobStatus> SubmitAsync(SubmitJobRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<JobStatus>(HttpMethod.Post, "api/jobs", JsonContent.Create(request, options: Json), cancellationToken);

    /// <summary>
    /// Submits a job as <c>multipart/form-data</c>, one item per file. The streams are read from their current
    /// position and disposed with the request.
    /// </summary>
    public Task<JobStatus> SubmitFilesAsync(
        SubmitFilesRequest metadata, IEnumerable<(string FileName, Stream Content)> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(files);
        return SendAsync<JobStatus>(HttpMethod.Post, "api/jobs", MultipartJob.Create(metadata, files), cancellationToken);
    }

    public Task<JobStatus> GetJobAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        SendAsync<JobStatus>(HttpMethod.Get, $"api/jobs/{jobId}", null, cancellationToken);

    /// <summary>The most recent jobs, newest first.</summary>
    public async Task<IReadOnlyList<JobStatus>> ListJobsAsync(int limit = 20, CancellationToken cancellationToken = default) =>
        await SendAsync<List<JobStatus>>(HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"api/jobs?limit={limit}"), null, cancellationToken);

    public Task<ResultsPage> GetResultsPageAsync(Guid jobId, int offset = 0, int limit = 100, CancellationToken cancellationToken = default) =>
        SendAsync<ResultsPage>(
            HttpMethod.Get,
            string.Create(CultureInfo.InvariantCulture, $"api/jobs/{jobId}/results?offset={offset}&limit={limit}"),
            null,
            cancellationToken);

    /// <summary>
    /// Streams every result of a job in item order as NDJSON, one line at a time, without buffering the body.
    /// Only items that have finished are included while the job is still running.
    /// </summary>
    public async IAsyncEnumerable<ItemResult> StreamResultsAsync(
        Guid jobId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var request = CreateRequest(HttpMethod.Get, $"api/jobs/{jobId}/results", null);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(NdjsonMediaType));
        using var response = await SendCheckedAsync(request, cancellationToken);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not null && !mediaType.Equals(NdjsonMediaType, StringComparison.OrdinalIgnoreCase))
        {
            throw new BatchWorkersApiException(
                $"GET {request.RequestUri} answered {mediaType} instead of {NdjsonMediaType}; the worker may be too old to stream results.",
                response.StatusCode);
        }

        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return JsonSerializer.Deserialize<ItemResult>(line, Json)
                    ?? throw new JsonException($"GET {request.RequestUri} sent a null result line.");
            }
        }
    }

    public Task<JobStatus> CancelAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        SendAsync<JobStatus>(HttpMethod.Post, $"api/jobs/{jobId}/cancel", null, cancellationToken);

    /// <summary>Every installed model version.</summary>
    public async Task<IReadOnlyList<ModelInfo>> ListModelsAsync(CancellationToken cancellationToken = default) =>
        await SendAsync<List<ModelInfo>>(HttpMethod.Get, "api/models", null, cancellationToken);

    /// <summary>Makes a version production by hand (no gate); the previous production version is archived.</summary>
    public Task<ModelInfo> PromoteAsync(string name, string version, CancellationToken cancellationToken = default) =>
        SendAsync<ModelInfo>(HttpMethod.Post, $"api/models/{Uri.EscapeDataString(name)}/versions/{Uri.EscapeDataString(version)}/promote", null, cancellationToken);

    /// <summary>Puts the version that was production before the current one back into production.</summary>
    public Task<ModelInfo> RollbackAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync<ModelInfo>(HttpMethod.Post, $"api/models/{Uri.EscapeDataString(name)}/rollback", null, cancellationToken);

    /// <summary>An item's explanation report (its data and the names of its files).</summary>
    public Task<ItemExplanation> GetExplanationAsync(Guid jobId, int itemIndex, CancellationToken cancellationToken = default) =>
        SendAsync<ItemExplanation>(HttpMethod.Get, $"api/jobs/{jobId}/items/{itemIndex}/explanation", null, cancellationToken);

    /// <summary>One file of an item's explanation report (a PNG or an HTML page).</summary>
    public async Task<byte[]> GetExplanationAssetAsync(Guid jobId, int itemIndex, string asset, CancellationToken cancellationToken = default)
    {
        using var request = CreateRequest(HttpMethod.Get, $"api/jobs/{jobId}/items/{itemIndex}/explanation/{Uri.EscapeDataString(asset)}", null);
        using var response = await SendCheckedAsync(request, cancellationToken);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    /// <summary>The audit trail, newest first, optionally of one job. Needs the admin scope (or operator or local access).</summary>
    public async Task<IReadOnlyList<AuditEntry>> GetAuditAsync(Guid? jobId = null, int limit = 100, CancellationToken cancellationToken = default) =>
        await SendAsync<List<AuditEntry>>(
            HttpMethod.Get, jobId is { } id ? $"api/audit?jobId={id}&limit={limit}" : $"api/audit?limit={limit}", null, cancellationToken);

    /// <summary>Creates an API key (admin scope). The returned key string is shown only this once.</summary>
    public Task<ApiKeyCreated> CreateApiKeyAsync(CreateApiKeyRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<ApiKeyCreated>(HttpMethod.Post, "api/keys", JsonContent.Create(request, options: Json), cancellationToken);

    /// <summary>Every API key, revoked ones included, without secrets (admin scope).</summary>
    public async Task<IReadOnlyList<ApiKeyInfo>> ListApiKeysAsync(CancellationToken cancellationToken = default) =>
        await SendAsync<List<ApiKeyInfo>>(HttpMethod.Get, "api/keys", null, cancellationToken);

    /// <summary>Revokes an API key by its id (admin scope); revoking it again changes nothing.</summary>
    public Task<ApiKeyInfo> RevokeApiKeyAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync<ApiKeyInfo>(HttpMethod.Delete, $"api/keys/{Uri.EscapeDataString(id)}", null, cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string uri, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(method, uri, content);
        using var response = await SendCheckedAsync(request, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
            ?? throw new JsonException($"{method} {request.RequestUri} answered {(int)response.StatusCode} with an empty body.");
    }

    private async Task<HttpResponseMessage> SendCheckedAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ApiProblemReader.ReadAsync(request, response, cancellationToken);
        }
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, string uri, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, new Uri(uri, UriKind.Relative)) { Content = content };
        if (!string.IsNullOrEmpty(apiKey))
        {
            request.Headers.Add(ApiKeyHeader, apiKey);
        }

        return request;
    }
}
