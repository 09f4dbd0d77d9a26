using BatchWorkers.Contracts;
using BatchWorkers.Worker.Operations.Audit;

namespace BatchWorkers.Worker.Operations.Security;

/// <summary><c>/api/keys</c>: create (the key is shown once), list (no secrets) and revoke API keys. Admin scope.</summary>
public static class ApiKeyEndpoints
{
    public const int MaxNameLength = 200;

    public static void MapApiKeys(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/keys").WithTags("Access").RequireAuthorization(AccessPolicies.Admin);
        keys.MapPost("/", CreateAsync).WithSummary("Create an API key with scopes; its key string is in this answer only.")
            .Produces<ApiKeyCreated>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest);
        keys.MapGet("/", (ApiKeyStore store, CancellationToken ct) => store.ListAsync(ct))
            .WithSummary("Every API key, revoked ones included; never a secret.");
        keys.MapDelete("/{id}", RevokeAsync).WithSummary("Revoke an API key by id.")
            .Produces<ApiKeyInfo>().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> CreateAsync(CreateApiKeyRequest request, HttpContext context, ApiKeyStore store, AuditLog audit, CancellationToken ct)
    {
        var name = request.Name?.Trim() ?? "";
        var scopes = (request.Scopes ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (name.Length is 0 or > MaxNameLength)
        {
            return Invalid($"name must be 1 to {MaxNameLength} characters: say what the key is for.");
        }

        if (scopes.Count == 0 || scopes.Any(s => !ApiKeyScopes.IsKnown(s)))
        {
            var unknown = string.Join(", ", scopes.Where(s => !ApiKeyScopes.IsKnown(s)).Select(s => $"'{s}'"));
            return Invalid($"{(unknown.Length > 0 ? $"Unknown scope {unknown}: " : "")}scopes must name one or more of {string.Join(", ", ApiKeyScopes.All)} (admin includes the others).");
        }

        var actor = AuditActor.From(context);
        var created = await store.CreateAsync(name, scopes, actor.Name, ct);
        await audit.RecordAsync(actor, AuditLog.KeyCreated, null, new { KeyId = created.Info.Id, created.Info.Name, created.Info.Scopes }, ct);
        return Results.Created($"/api/keys/{created.Info.Id}", created);
    }

    private static async Task<IResult> RevokeAsync(string id, HttpContext context, ApiKeyStore store, AuditLog audit, CancellationToken ct)
    {
        if (!ApiKeyToken.IsId(id) || await store.RevokeAsync(id, ct) is not { } revoked)
        {
            return Results.Problem(title: "API key not found", detail: $"No API key {id}. List them with GET /api/keys or `bw keys list`.", statusCode: StatusCodes.Status404NotFound);
        }

        await audit.RecordAsync(AuditActor.From(context), AuditLog.KeyRevoked, null, new { KeyId = id }, ct);
        return Results.Ok(revoked);
    }

    private static IResult Invalid(string detail) =>
        Results.Problem(title: "Invalid request", detail: detail, statusCode: StatusCodes.Status400BadRequest);
}
