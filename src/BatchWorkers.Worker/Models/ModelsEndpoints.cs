using System.Security.Claims;
using System.Text.Json;
using BatchWorkers.Contracts;
using BatchWorkers.Worker.Jobs;
using BatchWorkers.Worker.Models.Registry;
using BatchWorkers.Worker.Operations.Security;

namespace BatchWorkers.Worker.Models;

/// <summary>The model registry over HTTP: list, promote by hand, roll back.</summary>
public static class ModelsEndpoints
{
    public static void MapModelsApi(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup("/api/models").WithTags("Models");
        models.MapGet("/", async (ModelRegistry registry, ModelStoreSync sync, CancellationToken ct) =>
        {
            await sync.SyncAsync(ct);
            return (await registry.ListAsync(ct)).Select(ToInfo).ToList();
        }).WithSummary("Registered model versions with their stage, sha256 and metrics.").Produces<List<ModelInfo>>()
            .RequireAuthorization(AccessPolicies.Read);
        models.MapPost("/{name}/versions/{version}/promote", (string name, string version, ClaimsPrincipal user, ModelPromotion promotion, CancellationToken ct) =>
            RunAsync(() => promotion.PromoteAsync(name, version, Caller(user), ct)))
            .WithSummary("Make a version production by hand (no gate); the previous production version is archived.").Produces<ModelInfo>()
            .RequireAuthorization(AccessPolicies.Admin);
        models.MapPost("/{name}/rollback", (string name, ClaimsPrincipal user, ModelPromotion promotion, CancellationToken ct) =>
            RunAsync(() => promotion.RollbackAsync(name, Caller(user), ct)))
            .WithSummary("Put the previous production version back.").Produces<ModelInfo>().RequireAuthorization(AccessPolicies.Admin);
    }

    private static async Task<IResult> RunAsync(Func<Task<ModelVersionRecord>> change)
    {
        try
        {
            return Results.Ok(ToInfo(await change()));
        }
        catch (JobRejectedException ex)
        {
            return Results.Problem(title: "Model not found", detail: ex.Message, statusCode: StatusCodes.Status404NotFound);
        }
    }

    private static string Caller(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    private static ModelInfo ToInfo(ModelVersionRecord model) => new(
        model.Name, model.Version, model.Task, ModelLabels.Read(model.ArtifactPath), model.ArtifactPath, model.Stage, model.Sha256,
        JsonSerializer.Deserialize<JsonElement>(model.Metrics), model.ParentVersion,
        new DateTimeOffset(DateTime.SpecifyKind(model.RegisteredAt, DateTimeKind.Utc)));
}
