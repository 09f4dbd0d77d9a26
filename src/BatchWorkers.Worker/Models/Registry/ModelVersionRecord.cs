using BatchWorkers.Contracts;

namespace BatchWorkers.Worker.Models.Registry;

/// <summary>A row of <c>model_versions</c>.</summary>
public sealed class ModelVersionRecord
{
    public string Name { get; init; } = "";
    public string Version { get; init; } = "";
    public JobType Task { get; init; }
    public string ArtifactPath { get; init; } = "";
    public string Sha256 { get; init; } = "";
    public string Metrics { get; init; } = "{}";
    public string? ParentVersion { get; init; }
    public Guid? ProducedByJob { get; init; }
    public ModelStage Stage { get; init; }
    public DateTime RegisteredAt { get; init; }
    public DateTime StageChangedAt { get; init; }
}

/// <summary>A version to register: from training, from files dropped in the store, or from the hub.</summary>
public sealed record NewModelVersion(
    string Name, string Version, JobType Task, string ArtifactPath, string Sha256, string MetricsJson = "{}",
    string? ParentVersion = null, Guid? ProducedByJob = null);
