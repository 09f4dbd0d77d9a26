using System.Text.Json;

namespace BatchWorkers.Cli.Commands.Models.Pull;

/// <summary>
/// A repository at one revision, as <c>GET {endpoint}/api/models/{repo}/revision/{revision}?blobs=true</c> answers
/// it: the commit the revision points at and every file with its size (and, for Git LFS files, its sha256).
/// </summary>
/// <param name="Sha">The commit; null when a hub mirror leaves it out.</param>
/// <param name="Siblings">The repository's files.</param>
internal sealed record HubListing(string? Sha, IReadOnlyList<HubFile>? Siblings)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public IReadOnlyList<HubFile> Files => Siblings ?? [];

    public static HubListing Parse(string json) => JsonSerializer.Deserialize<HubListing>(json, Json)
        ?? throw new JsonException("The listing is null.");
}

/// <summary>One file of a hub repository.</summary>
/// <param name="RFilename">Its path in the repository, '/'-separated (<c>onnx/encoder_model.onnx</c>).</param>
/// <param name="Size">Its size in bytes (with <c>blobs=true</c>).</param>
/// <param name="Lfs">Set for files stored in Git LFS: the content's sha256 and size.</param>
internal sealed record HubFile(string RFilename, long? Size, HubLfs? Lfs)
{
    /// <summary>The size the downloaded file must have, when the hub says.</summary>
    public long? ExpectedSize => Lfs?.Size ?? Size;

    /// <summary>The file name without its folder.</summary>
    public string Name => RFilename[(RFilename.LastIndexOf('/') + 1)..];

    /// <summary>The folder, "" at the repository root.</summary>
    public string Folder => RFilename.LastIndexOf('/') is var slash and >= 0 ? RFilename[..slash] : "";
}

/// <summary>A Git LFS file's pointer data: the sha256 and size of the real content.</summary>
internal sealed record HubLfs(string Sha256, long Size);
