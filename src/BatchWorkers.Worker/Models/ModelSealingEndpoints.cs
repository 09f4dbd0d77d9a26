using BatchWorkers.Worker.Models.Registry;
using BatchWorkers.Worker.Operations.Security;
using BatchWorkers.Worker.Privacy.Encryption;

namespace BatchWorkers.Worker.Models;

/// <summary><c>POST /api/models/{name}/versions/{version}/seal</c>: encrypt a version's ONNX files at rest (admin scope).</summary>
public static class ModelSealingEndpoints
{
    public static void MapModelSealingApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/models/{name}/versions/{version}/seal", async (
                string name, string version, ModelRegistry registry, ModelFiles files, RowCipher cipher, IEnumerable<IModelUnloader> caches,
                ILoggerFactory loggers, CancellationToken ct) =>
            {
                if (!cipher.IsConfigured)
                {
                    return Results.Problem(title: "No data key", statusCode: StatusCodes.Status422UnprocessableEntity,
                        detail: "Sealing needs a data key: set Encryption:ActiveKeyId and Encryption:Keys (see docs/privacy.md).");
                }

                if (await registry.GetAsync(name, version, ct) is not { } record)
                {
                    return Results.Problem(title: "Model not found", detail: $"Model {name} has no registered version {version}.", statusCode: StatusCodes.Status404NotFound);
                }

                var sealedFiles = files.SealFolder(record.ArtifactPath);
                foreach (var cache in caches)
                {
                    cache.Retire($"{name}@{version}");
                }

                loggers.CreateLogger("ModelSealing").LogInformation("Sealed {Count} files of model {Model} {Version}", sealedFiles.Count, name, version);
                return Results.Ok(new { name, version, sealedFiles });
            })
            .WithTags("Models").WithSummary("Encrypt a version's .onnx files at rest with the active data key; loading decrypts them in memory.")
            .RequireAuthorization(AccessPolicies.Admin);
}
