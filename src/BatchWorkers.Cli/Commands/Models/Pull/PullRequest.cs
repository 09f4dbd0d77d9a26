namespace BatchWorkers.Cli.Commands.Models.Pull;

/// <summary>What <c>bw models pull</c> was asked to do, its options resolved (environment defaults applied).</summary>
/// <param name="Repo">The hub repository id, <c>owner/name</c>.</param>
/// <param name="Store">The model store's full path.</param>
/// <param name="Name">The model name; null for the repository's last segment.</param>
/// <param name="Version">The version folder; null for the next number.</param>
/// <param name="Revision">Branch, tag or commit.</param>
/// <param name="Endpoint">The hub's address.</param>
/// <param name="Token">The hub token, or null.</param>
/// <param name="Variant">The ONNX file suffix, or null for the plain files.</param>
internal sealed record PullRequest(
    string Repo, string Store, string? Name, string? Version, string Revision, Uri Endpoint, string? Token, string? Variant)
{
    /// <summary>Leaves out the token (and the endpoint, which may carry user information).</summary>
    public override string ToString() => $"{Repo}@{Revision} into {Store}";
}
