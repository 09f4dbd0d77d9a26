using BatchWorkers.Contracts;
using BatchWorkers.Worker.Operations.Security;

namespace BatchWorkers.Worker.Operations.Audit;

public static class AuditEndpoints
{
    public static WebApplicationBuilder AddAudit(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AuditLog>();
        return builder;
    }

    public static void MapAuditApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/audit", async (AuditLog audit, CancellationToken ct, Guid? jobId = null, int limit = 100) =>
                limit is < 1 or > 1000
                    ? Results.Problem(title: "Invalid request", detail: "limit must be between 1 and 1000.", statusCode: StatusCodes.Status400BadRequest)
                    : Results.Ok(await audit.QueryAsync(jobId, limit, ct)))
            .WithTags("Audit").WithSummary("Who submitted jobs, read their results and managed API keys, newest first (admin scope).")
            .Produces<IReadOnlyList<AuditEntry>>().RequireAuthorization(AccessPolicies.Admin);
}
