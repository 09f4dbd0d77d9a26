using BatchWorkers.Contracts;

namespace BatchWorkers.Worker.Operations.Audit;

public static class AuditEndpoints
{
    /// <summary>Reading the trail is for operators: local callers and the operator login, not API keys.</summary>
    public const string OperatorPolicy = "operator";

    public static WebApplicationBuilder AddAudit(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddAuthorizationBuilder().AddPolicy(OperatorPolicy, policy => policy.RequireClaim("access", "local", "operator"));
        return builder;
    }

    public static void MapAuditApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/audit", async (AuditLog audit, CancellationToken ct, Guid? jobId = null, int limit = 100) =>
                limit is < 1 or > 1000
                    ? Results.Problem(title: "Invalid request", detail: "limit must be between 1 and 1000.", statusCode: StatusCodes.Status400BadRequest)
                    : Results.Ok(await audit.QueryAsync(jobId, limit, ct)))
            .WithTags("Audit").WithSummary("Who submitted jobs and read their results, newest first (operators only).")
            .Produces<IReadOnlyList<AuditEntry>>().RequireAuthorization(OperatorPolicy);
}
