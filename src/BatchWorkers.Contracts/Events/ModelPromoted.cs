namespace BatchWorkers.Contracts;

/// <summary>
/// Published when a model version becomes production. Every worker switches new jobs to it; jobs already pinned to
/// another version keep theirs.
/// </summary>
public sealed record ModelPromoted(string Name, string Version, string? PreviousVersion, string Reason, DateTimeOffset PromotedAt);
