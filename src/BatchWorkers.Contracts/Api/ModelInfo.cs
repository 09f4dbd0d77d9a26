using System.Text.Json;

namespace BatchWorkers.Contracts;

/// <summary>Where a model version stands. Jobs that name no version run on the model's production version.</summary>
public enum ModelStage
{
    Candidate,
    Production,
    Archived,
}

/// <summary>A registered model version, as <c>GET /api/models</c> lists it.</summary>
public sealed record ModelInfo(
    string Name,
    string Version,
    JobType Task,
    IReadOnlyList<string> Labels,
    string Path,
    ModelStage Stage,
    string Sha256,
    JsonElement? Metrics,
    string? ParentVersion,
    DateTimeOffset RegisteredAt);
