using System.Buffers;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;

namespace BatchWorkers.Cli.Commands.Models.Pull;

/// <summary>
/// Downloads one hub file into the staging folder, resuming a partial file with a <c>Range</c> request, and checks
/// it against the listing: its size, and for Git LFS files its sha256. A file that fails the check is deleted; a
/// download that stops keeps what arrived, for the next run to resume.
/// </summary>
internal sealed class FileDownloader(HubClient hub, string repo, string revision)
{
    /// <summary>A download that receives nothing for this long counts as interrupted.</summary>
    public static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(60);

    private const int BufferSize = 1 << 16;

    /// <summary>Downloads <paramref name="file"/> to <paramref name="destination"/> and returns its sha256 (lowercase hex).</summary>
    /// <param name="file">The file as the listing describes it.</param>
    /// <param name="destination">The staging path; a file already there is taken as the start of this one.</param>
    /// <param name="report">Called with the number of bytes of the file on disk so far.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    /// <exception cref="CliException">The download stopped (resumable) or the file failed its check (deleted).</exception>
    public async Task<string> DownloadAsync(HubFile file, string destination, Action<long> report, CancellationToken cancellationToken)
    {
        var offset = File.Exists(destination) ? new FileInfo(destination).Length : 0;
        if (offset > 0 && (file.ExpectedSize is not { } expected || offset > expected))
        {
            File.Delete(destination);
            offset = 0;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (offset > 0)
        {
            await HashExistingAsync(destination, hash, cancellationToken);
            report(offset);
        }

        if (offset == 0 || offset < file.ExpectedSize)
        {
            offset = await FetchAsync(file, destination, offset, hash, report, cancellationToken);
        }

        return Verified(file, destination, offset, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private async Task<long> FetchAsync(
        HubFile file, string destination, long offset, IncrementalHash hash, Action<long> report, CancellationToken cancellationToken)
    {
        var response = await hub.GetFileAsync(repo, revision, file.RFilename, offset, cancellationToken);
        try
        {
            if (offset > 0 && response.StatusCode != HttpStatusCode.OK && !StartsAt(response, offset))
            {
                // A 416 or a range that starts elsewhere: the partial file does not fit what the server has. Start over.
                response.Dispose();
                response = await hub.GetFileAsync(repo, revision, file.RFilename, 0, cancellationToken);
            }

            if (response.StatusCode != HttpStatusCode.OK && !StartsAt(response, offset))
            {
                throw new CliException($"{hub.DisplayEndpoint} answered {(int)response.StatusCode} for {file.RFilename}. Run the same command again.");
            }

            if (response.StatusCode == HttpStatusCode.OK && offset > 0)
            {
                // The whole file, although a range was asked for: the server ignores ranges. Take it from the start.
                offset = 0;
                hash.GetHashAndReset();
                report(0);
            }

            await using var output = new FileStream(
                destination, offset == 0 ? FileMode.Create : FileMode.Append, FileAccess.Write, FileShare.None, bufferSize: 0);
            return await CopyAsync(file, response, output, offset, hash, report, cancellationToken);
        }
        finally
        {
            response.Dispose();
        }
    }

    /// <summary>A 206 whose range starts where the partial file ends.</summary>
    private static bool StartsAt(HttpResponseMessage response, long offset) =>
        offset > 0 && response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange?.From == offset;

    private async Task<long> CopyAsync(
        HubFile file, HttpResponseMessage response, FileStream output, long offset, IncrementalHash hash, Action<long> report, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            stall.CancelAfter(StallTimeout);
            var body = await ReadAsync(file, offset, () => response.Content.ReadAsStreamAsync(stall.Token), cancellationToken);
            while (true)
            {
                stall.CancelAfter(StallTimeout);
                var read = await ReadAsync(file, offset, () => body.ReadAsync(buffer.AsMemory(0, BufferSize), stall.Token).AsTask(), cancellationToken);
                if (read == 0)
                {
                    return offset;
                }

                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                hash.AppendData(buffer, 0, read);
                offset += read;
                report(offset);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Runs a read of the response body, turning a dropped or silent connection into the resume hint.</summary>
    private static async Task<T> ReadAsync<T>(HubFile file, long received, Func<Task<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            return await read();
        }
        catch (Exception exception) when (HubClient.IsNetworkFailure(exception, cancellationToken))
        {
            var reason = exception is OperationCanceledException ? $"nothing arrived for {StallTimeout.TotalSeconds:0} s" : exception.Message;
            throw Interrupted(file, received, reason);
        }
    }

    private static string Verified(HubFile file, string destination, long length, string sha256)
    {
        if (file.ExpectedSize is { } expected && length < expected)
        {
            throw Interrupted(file, length, "the server ended the response early");
        }

        if (file.ExpectedSize is { } size && length != size)
        {
            File.Delete(destination);
            throw new CliException($"{file.RFilename} arrived with {length} bytes but the hub lists {size}; it was deleted. Run the same command again to download it afresh.");
        }

        if (file.Lfs is { } lfs && !string.Equals(sha256, lfs.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            File.Delete(destination);
            throw new CliException(
                $"{file.RFilename} is corrupt: its sha256 is {sha256} but the hub lists {lfs.Sha256.ToLowerInvariant()}. The file was deleted and nothing was installed; "
                + "run the same command again to download it afresh.");
        }

        return sha256;
    }

    private static CliException Interrupted(HubFile file, long received, string reason) => new(
        $"The download of {file.RFilename} stopped after {received} of {file.ExpectedSize?.ToString(CultureInfo.InvariantCulture) ?? "?"} bytes ({reason}). "
        + "Run the same command again to resume: what has arrived is kept.");

    private static async Task HashExistingAsync(string path, IncrementalHash hash, CancellationToken cancellationToken)
    {
        await using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = await input.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
