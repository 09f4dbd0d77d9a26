namespace BatchWorkers.Contracts;

/// <summary>An installed model version, as <c>GET /api/models</c> lists it.</summary>
public sealed record ModelInfo(string Name, string Version, JobType Task, IReadOnlyList<string> Labels, string Path);
