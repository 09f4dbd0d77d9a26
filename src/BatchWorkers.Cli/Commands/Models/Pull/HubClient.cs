using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace BatchWorkers.Cli.Commands.Models.Pull;

/// <summary>
/// Talks to a Hugging Face hub (or a mirror with its URL layout): the repository listing and file downloads.
/// Redirects are followed here, so the token goes only to the hub's own origin and never to a CDN it redirects
/// to. Failures become <see cref="CliException"/>s that say what to do; the token never appears in them.
/// </summary>
/// <param name="http">Sends the requests; must not follow redirects itself.</param>
/// <param name="endpoint">The hub's base address, e.g. <c>https://huggingface.co</c>.</param>
/// <param name="token">Sent as <c>Authorization: Bearer</c> to <paramref name="endpoint"/>'s origin; null for none.</param>
internal sealed class HubClient(HttpClient http, Uri endpoint, string? token)
{
    private const int MaxRedirects = 10;

    /// <summary>How long the hub may take to answer a request (headers; the whole body for the listing).</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The endpoint as it may be shown and recorded: without any user information.</summary>
    public string DisplayEndpoint { get; } = new UriBuilder(endpoint) { UserName = "", Password = "" }.Uri.ToString().TrimEnd('/');

    /// <summary><c>GET /api/models/{repo}/revision/{revision}?blobs=true</c>.</summary>
    public async Task<HubListing> GetListingAsync(string repo, string revision, CancellationToken cancellationToken)
    {
        var uri = Address($"api/models/{repo}/revision/{Uri.EscapeDataString(revision)}?blobs=true");
        var what = $"the listing of {repo} at {revision}";
        using var response = await SendAsync(uri, range: null, what, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw Refused(response, repo, revision, file: null);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AnswerTimeout);
        try
        {
            return HubListing.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
        }
        catch (Exception exception) when (IsNetworkFailure(exception, cancellationToken))
        {
            throw Unreachable(uri, what, exception);
        }
        catch (JsonException exception)
        {
            throw new CliException($"{DisplayEndpoint} answered the listing of {repo} with something that is not a hub listing: {exception.Message}");
        }
    }

    /// <summary>
    /// <c>GET /{repo}/resolve/{revision}/{path}</c>, from byte <paramref name="offset"/> on when it is above 0
    /// (<c>Range: bytes=N-</c>). Returns the 200 or 206 response with its body unread, or a 416; the caller disposes it.
    /// </summary>
    public async Task<HttpResponseMessage> GetFileAsync(string repo, string revision, string path, long offset, CancellationToken cancellationToken)
    {
        var escapedPath = string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
        var uri = Address($"{repo}/resolve/{Uri.EscapeDataString(revision)}/{escapedPath}");
        var response = await SendAsync(uri, offset > 0 ? offset : null, path, cancellationToken);
        if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.PartialContent or HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            return response;
        }

        using (response)
        {
            throw Refused(response, repo, revision, path);
        }
    }

    private Uri Address(string relative) => new(endpoint.ToString().TrimEnd('/') + "/" + relative);

    private async Task<HttpResponseMessage> SendAsync(Uri uri, long? range, string what, CancellationToken cancellationToken)
    {
        for (var hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("bw", "1"));
            if (token is not null && SameOrigin(uri, endpoint))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            if (range is { } from)
            {
                request.Headers.Range = new RangeHeaderValue(from, null);
            }

            HttpResponseMessage response;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(AnswerTimeout);
                try
                {
                    response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                }
                catch (Exception exception) when (IsNetworkFailure(exception, cancellationToken))
                {
                    throw Unreachable(uri, what, exception);
                }
            }

            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                response.Dispose();
                if (hop == MaxRedirects)
                {
                    throw new CliException($"{DisplayEndpoint} redirected the request for {what} more than {MaxRedirects} times.");
                }

                uri = new Uri(uri, location);
                continue;
            }

            return response;
        }
    }

    /// <summary>The connection failed or went quiet; not the user's Ctrl+C.</summary>
    public static bool IsNetworkFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpRequestException or IOException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private static CliException Unreachable(Uri uri, string what, Exception exception) => new(
        $"Could not fetch {what} from {uri.Scheme}://{uri.Authority} "
        + $"({(exception is OperationCanceledException ? $"no answer within {AnswerTimeout.TotalSeconds:0} s" : exception.Message)}). "
        + "Check your network and --endpoint / HF_ENDPOINT, then run the same command again: it resumes where it stopped.");

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    private CliException Refused(HttpResponseMessage response, string repo, string revision, string? file)
    {
        // The hub names the reason in X-Error-Code: RepoNotFound, RevisionNotFound, EntryNotFound, GatedRepo.
        var code = response.Headers.TryGetValues("X-Error-Code", out var values) ? values.FirstOrDefault() : null;
        var status = $"{(int)response.StatusCode} {response.ReasonPhrase}".Trim();
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden when token is null => new CliException(
                $"{DisplayEndpoint} refused access to {repo} ({status}). If the repository is private or gated, pass --token or set HF_TOKEN "
                + "to a token that may read it (and accept the model's terms on the hub); otherwise check the repository id."),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new CliException(
                $"{DisplayEndpoint} refused the token for {repo} ({status}): check --token / HF_TOKEN, that the token may read the repository, "
                + "and, for a gated model, that you accepted its terms on the hub."),
            HttpStatusCode.NotFound when file is not null && code is not ("RepoNotFound" or "RevisionNotFound") => new CliException(
                $"{DisplayEndpoint} listed {file} in {repo} at {revision} but answered 404 for it. Run the same command again; if it persists, pass --revision with a commit."),
            HttpStatusCode.NotFound when code == "RevisionNotFound" => new CliException(
                $"{repo} has no revision '{revision}' on {DisplayEndpoint}: check --revision (a branch, tag or commit)."),
            HttpStatusCode.NotFound => new CliException(
                $"{DisplayEndpoint} has no repository {repo} with a revision '{revision}' ({status}): check the repository id (owner/name) and --revision."),
            HttpStatusCode.TooManyRequests => new CliException(
                $"{DisplayEndpoint} is rate-limiting requests ({status}). Wait a while, then run the same command again: it resumes where it stopped."),
            _ => new CliException(
                $"{DisplayEndpoint} answered {status} for {file ?? $"the listing of {repo} at {revision}"}. "
                + "Run the same command again later: it resumes where it stopped."),
        };
    }
}
