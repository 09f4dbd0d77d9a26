using System.Text.Json;

namespace BatchWorkers.Cli.Commands.Models.Pull;

/// <summary>
/// <c>source.json</c> in a pulled model's folder: where its files came from and their sha256, so anyone can tell
/// later what was installed and check it. Never holds the token.
/// </summary>
/// <param name="Repo">The hub repository id.</param>
/// <param name="Revision">The revision asked for (<c>main</c>, a tag, a commit).</param>
/// <param name="Commit">The commit the revision pointed at, whose files were downloaded.</param>
/// <param name="Endpoint">The hub's address, without user information.</param>
/// <param name="Variant">The ONNX variant (<c>quantized</c>…); null for the plain files.</param>
/// <param name="PulledAt">When the files were installed.</param>
/// <param name="Files">Every file, its path relative to the model folder.</param>
internal sealed record PulledSource(
    string Repo, string Revision, string? Commit, string Endpoint, string? Variant, DateTimeOffset PulledAt, IReadOnlyList<PulledFile> Files)
{
    public const string FileName = "source.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public void Write(string folder) => File.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, Json) + "\n");
}

/// <summary>One file of a pulled model.</summary>
/// <param name="Path">Relative to the model folder, '/'-separated, as in the repository.</param>
/// <param name="Size">Bytes.</param>
/// <param name="Sha256">Lowercase hex; checked against the hub's listing for Git LFS files.</param>
/// <param name="Lfs">Whether the hub listed it as a Git LFS file (so its sha256 was checked against the hub's).</param>
internal sealed record PulledFile(string Path, long Size, string Sha256, bool Lfs);
