using BatchWorkers.Contracts;
using Microsoft.Extensions.Options;

namespace BatchWorkers.Worker.Jobs.Inputs;

/// <summary>The bytes of an item, or the reason there are none.</summary>
public readonly record struct ItemContent(byte[]? Bytes, string? ErrorCode, string? Error)
{
    public static ItemContent Of(byte[] bytes) => new(bytes, null, null);

    public static ItemContent Fail(string code, string error) => new(null, code, error);
}

/// <summary>Reads an item's content: inline bytes, a file under the allowed root, or an HTTP(S) URL, within size and time limits.</summary>
public sealed class ItemContentReader(IHttpClientFactory httpClientFactory, IOptions<InputOptions> options, ILogger<ItemContentReader> logger)
{
    public const string HttpClientName = "item-inputs";

    public async Task<ItemContent> ReadAsync(PendingItem item, CancellationToken cancellationToken)
    {
        if (item.Data is { } data)
        {
            return data.Length == 0 ? ItemContent.Fail(ItemErrorCodes.EmptyInput, "The item is empty (0 bytes).") : ItemContent.Of(data);
        }

        if (item.Uri is null || !Uri.TryCreate(item.Uri, UriKind.Absolute, out var uri))
        {
            return ItemContent.Fail(ItemErrorCodes.InputInvalid, "The item has no data and no valid URI.");
        }

        return uri.Scheme == Uri.UriSchemeFile ? await ReadFileAsync(uri, cancellationToken) : await FetchAsync(uri, cancellationToken);
    }

    private async Task<ItemContent> ReadFileAsync(Uri uri, CancellationToken cancellationToken)
    {
        var root = options.Value.FileRoot;
        if (string.IsNullOrEmpty(root))
        {
            return ItemContent.Fail(ItemErrorCodes.InputNotAllowed, "file:// items are disabled on this worker: set Inputs:FileRoot to allow a folder.");
        }

        try
        {
            return await ReadUnderRootAsync(uri, root, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ItemContent.Fail(ItemErrorCodes.InputUnreachable, $"File '{uri.LocalPath}' cannot be read: {ex.Message}");
        }
    }

    private async Task<ItemContent> ReadUnderRootAsync(Uri uri, string root, CancellationToken cancellationToken)
    {
        var rootPath = Path.TrimEndingDirectorySeparator(ResolveLinks(Path.GetFullPath(root))) + Path.DirectorySeparatorChar;
        var resolved = ResolveLinks(Path.GetFullPath(uri.LocalPath));
        if (!resolved.StartsWith(rootPath, StringComparison.Ordinal))
        {
            return ItemContent.Fail(ItemErrorCodes.InputNotAllowed, $"'{uri.LocalPath}' is outside the allowed folder {rootPath}.");
        }

        var file = new FileInfo(resolved);
        if (!file.Exists)
        {
            return ItemContent.Fail(ItemErrorCodes.InputUnreachable, $"File '{uri.LocalPath}' does not exist.");
        }

        if (file.Length > options.Value.MaxFetchBytes)
        {
            return ItemContent.Fail(ItemErrorCodes.InputTooLarge, $"File is {file.Length:N0} bytes; the limit is {options.Value.MaxFetchBytes:N0}.");
        }

        return file.Length == 0
            ? ItemContent.Fail(ItemErrorCodes.EmptyInput, "The file is empty (0 bytes).")
            : ItemContent.Of(await File.ReadAllBytesAsync(resolved, cancellationToken));
    }

    /// <summary>
    /// The path with every symbolic link resolved, the file's and each folder's above it (what realpath does), so
    /// that no link inside the root, to a file or to a folder, leads outside it. The resolved path is what is read.
    /// </summary>
    private static string ResolveLinks(string path)
    {
        var resolved = Path.GetPathRoot(path)!;
        var rest = new Stack<string>(Segments(path[resolved.Length..]));
        for (var links = 0; rest.TryPop(out var segment);)
        {
            var next = segment switch
            {
                "." => resolved,
                ".." => Path.GetDirectoryName(resolved) ?? resolved,
                _ => Path.Combine(resolved, segment),
            };
            if (new FileInfo(next).LinkTarget is not { } target)
            {
                resolved = next;
                continue;
            }

            if (++links > 40)
            {
                throw new IOException($"Too many levels of symbolic links in '{path}'.");
            }

            // The target's segments are resolved in turn; a relative target starts from the link's folder.
            resolved = Path.GetPathRoot(target) is { Length: > 0 } targetRoot ? targetRoot : resolved;
            foreach (var part in Segments(target[Path.GetPathRoot(target)!.Length..]))
            {
                rest.Push(part);
            }
        }

        return resolved;
    }

    private static IEnumerable<string> Segments(string relative) =>
        relative.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse();

    private async Task<ItemContent> FetchAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.FetchTimeout);
        try
        {
            using var client = httpClientFactory.CreateClient(HttpClientName);
            using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return ItemContent.Fail(ItemErrorCodes.InputUnreachable, $"GET {uri} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            var limit = options.Value.MaxFetchBytes;
            if (response.Content.Headers.ContentLength > limit)
            {
                return ItemContent.Fail(ItemErrorCodes.InputTooLarge, $"{uri} is {response.Content.Headers.ContentLength:N0} bytes; the limit is {limit:N0}.");
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(chunk, timeout.Token)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return ItemContent.Fail(ItemErrorCodes.InputTooLarge, $"{uri} sent more than the limit of {limit:N0} bytes.");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.Length == 0 ? ItemContent.Fail(ItemErrorCodes.EmptyInput, $"{uri} returned an empty body.") : ItemContent.Of(buffer.ToArray());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ItemContent.Fail(ItemErrorCodes.InputUnreachable, $"GET {uri} took longer than {options.Value.FetchTimeout.TotalSeconds:0} s.");
        }
        catch (HttpRequestException ex) when (ex.InnerException is BlockedAddressException blocked)
        {
            logger.LogWarning("Refused to fetch {Uri}: host {Host} resolves to non-public address {Address}", uri, blocked.Host, blocked.Address);
            return ItemContent.Fail(ItemErrorCodes.InputNotAllowed,
                $"GET {uri} refused: {blocked.Message}. Item URLs may only reach public addresses; to fetch from an internal server, "
                + "list its host in Inputs:AllowedHosts or set Inputs:AllowPrivateNetworks=true.");
        }
        catch (HttpRequestException ex)
        {
            return ItemContent.Fail(ItemErrorCodes.InputUnreachable, $"GET {uri} failed: {ex.Message}");
        }
        catch (IOException ex)
        {
            // The connection broke during the body, e.g. it ended before its Content-Length.
            return ItemContent.Fail(ItemErrorCodes.InputUnreachable, $"GET {uri} broke off while reading the body: {ex.Message}");
        }
    }
}
