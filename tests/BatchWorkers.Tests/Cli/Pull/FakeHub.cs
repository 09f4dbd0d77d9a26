using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BatchWorkers.Tests.Cli.Pull;

/// <summary>One request the fake hub answered.</summary>
public sealed record HubRequest(string Path, string? Range, string? Authorization, int Status);

/// <summary>
/// A stand-in for the Hugging Face hub on a loopback port, in its URL layout: the listing
/// (<c>/api/models/{repo}/revision/{revision}?blobs=true</c>) and downloads (<c>/{repo}/resolve/{revision}/{path}</c>),
/// where Git LFS files redirect to a content-addressed CDN path as on the real hub. Downloads honour
/// <c>Range: bytes=N-</c>. Faults can be switched on: a response cut short, ranges ignored, corrupted bytes, a token
/// required. Every request is recorded.
/// </summary>
public sealed class FakeHub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, FakeHubRepo> _repos = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _truncations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _corrupted = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<HubRequest> _requests = new();

    private FakeHub(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    /// <summary>When set, the listing and downloads answer 401 unless sent <c>Authorization: Bearer</c> with it.</summary>
    public string? RequiredToken { get; set; }

    /// <summary>When set, downloads answer 200 with the whole file whatever the Range header says.</summary>
    public bool IgnoreRanges { get; set; }

    public IReadOnlyList<HubRequest> Requests => [.. _requests];

    public static async Task<FakeHub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var hub = new FakeHub(builder.Build());
        hub._app.Run(hub.HandleAsync);
        await hub._app.StartAsync();
        var address = hub._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        hub.Address = new Uri(address);
        return hub;
    }

    public void Add(FakeHubRepo repo) => _repos[repo.Id] = repo;

    /// <summary>The next download of <paramref name="path"/> declares its full length but ends after <paramref name="bytes"/> bytes.</summary>
    public void TruncateNext(string path, int bytes) => _truncations[path] = bytes;

    /// <summary>Downloads of <paramref name="path"/> have one byte changed (same length, another sha256).</summary>
    public void Corrupt(string path) => _corrupted[path] = true;

    /// <summary>The downloads of <paramref name="path"/>, following redirects to the CDN.</summary>
    public IReadOnlyList<HubRequest> DownloadsOf(string path) =>
        Requests.Where(r => r.Path.EndsWith("/" + path, StringComparison.Ordinal) && r.Status is 200 or 206).ToList();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var status = await AnswerAsync(context, path);
        _requests.Enqueue(new HubRequest(path, context.Request.Headers.Range.FirstOrDefault(), context.Request.Headers.Authorization.FirstOrDefault(), status));
    }

    private async Task<int> AnswerAsync(HttpContext context, string path)
    {
        const string Listing = "/api/models/";
        const string Cdn = "/cdn-lfs/";
        if (path.StartsWith(Cdn, StringComparison.Ordinal))
        {
            // /cdn-lfs/{sha256}/{repo}/{path}: no token needed, as the hub's signed CDN URLs.
            var parts = path[Cdn.Length..].Split('/', 4);
            return _repos.TryGetValue($"{parts[1]}/{parts[2]}", out var lfsRepo) && lfsRepo.Files.TryGetValue(parts[3], out var lfsBytes)
                ? await ServeAsync(context, parts[3], lfsBytes)
                : NotFound(context, "EntryNotFound");
        }

        if (RequiredToken is not null && context.Request.Headers.Authorization.FirstOrDefault() != $"Bearer {RequiredToken}")
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return 401;
        }

        if (path.StartsWith(Listing, StringComparison.Ordinal) && path.IndexOf("/revision/", StringComparison.Ordinal) is var at and > 0)
        {
            var (repoId, revision) = (path[Listing.Length..at], path[(at + "/revision/".Length)..]);
            if (!_repos.TryGetValue(repoId, out var listed))
            {
                return NotFound(context, "RepoNotFound");
            }

            if (revision != "main" && revision != listed.Commit)
            {
                return NotFound(context, "RevisionNotFound");
            }

            await context.Response.WriteAsJsonAsync(ListingOf(listed));
            return 200;
        }

        if (path.IndexOf("/resolve/", StringComparison.Ordinal) is var resolve and > 0)
        {
            var repoId = path[1..resolve];
            var rest = path[(resolve + "/resolve/".Length)..].Split('/', 2);
            if (!_repos.TryGetValue(repoId, out var repo))
            {
                return NotFound(context, "RepoNotFound");
            }

            if (rest[0] != "main" && rest[0] != repo.Commit)
            {
                return NotFound(context, "RevisionNotFound");
            }

            if (rest.Length < 2 || !repo.Files.TryGetValue(rest[1], out var bytes))
            {
                return NotFound(context, "EntryNotFound");
            }

            if (FakeHubRepo.IsLfs(rest[1]))
            {
                context.Response.Redirect($"/cdn-lfs/{FakeHubRepo.Sha256(bytes)}/{repoId}/{rest[1]}");
                return 302;
            }

            return await ServeAsync(context, rest[1], bytes);
        }

        return NotFound(context, "RepoNotFound");
    }

    private async Task<int> ServeAsync(HttpContext context, string path, byte[] bytes)
    {
        if (_corrupted.ContainsKey(path))
        {
            bytes = (byte[])bytes.Clone();
            bytes[bytes.Length / 2] ^= 0xFF;
        }

        var from = 0L;
        var status = 200;
        var range = context.Request.Headers.Range.FirstOrDefault();
        if (!IgnoreRanges && range is not null && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
        {
            from = long.Parse(range["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
            if (from >= bytes.Length)
            {
                context.Response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                context.Response.Headers.ContentRange = $"bytes */{bytes.Length}";
                return 416;
            }

            status = 206;
            context.Response.Headers.ContentRange = $"bytes {from}-{bytes.Length - 1}/{bytes.Length}";
        }

        context.Response.StatusCode = status;
        context.Response.Headers.AcceptRanges = "bytes";
        context.Response.ContentLength = bytes.Length - from;
        var body = bytes.AsMemory((int)from);
        if (_truncations.TryRemove(path, out var cut))
        {
            // Fewer bytes than Content-Length: Kestrel sends them, then closes the connection, as a dropped download.
            body = body[..cut];
        }

        await context.Response.Body.WriteAsync(body);
        return status;
    }

    private static int NotFound(HttpContext context, string errorCode)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.Headers["X-Error-Code"] = errorCode;
        return 404;
    }

    private static object ListingOf(FakeHubRepo repo) => new
    {
        id = repo.Id,
        sha = repo.Commit,
        siblings = repo.Files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => FakeHubRepo.IsLfs(f.Key)
            ? (object)new { rfilename = f.Key, size = f.Value.Length, lfs = new { sha256 = FakeHubRepo.Sha256(f.Value), size = f.Value.Length, pointerSize = 134 } }
            : new { rfilename = f.Key, size = f.Value.Length }),
    };
}
