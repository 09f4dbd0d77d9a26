using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace BatchWorkers.Worker.Operations.Security;

/// <summary>
/// Answers a caller who is known but lacks a scope: a logged 403 whose problem details name the scope needed. An
/// unknown caller gets the access handler's 401 challenge as before.
/// </summary>
public sealed class ScopeDenialHandler(ILogger<ScopeDenialHandler> logger) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        var scope = AccessPolicies.MissingScope(authorizeResult.AuthorizationFailure);
        logger.LogWarning(
            "Forbidden {Method} {Path} to {Actor} ({AccessKind}) from {RemoteIp}: needs scope {Scope}",
            context.Request.Method, context.Request.Path, context.User.Identity?.Name, context.User.FindFirstValue(AccessAuthenticationHandler.AccessClaim),
            context.Connection.RemoteIpAddress, scope ?? "-");
        await Results.Problem(
            title: scope is null ? "Access denied" : $"The '{scope}' scope is required",
            detail: scope is null
                ? "These credentials may not do this."
                : $"{context.Request.Method} {context.Request.Path} needs an API key with the '{scope}' scope (admin includes submit and read), the operator login, or a request from the worker's own machine. Create one with `bw keys create --scope {scope}`.",
            type: "access.scope_required",
            statusCode: StatusCodes.Status403Forbidden,
            extensions: scope is null ? null : new Dictionary<string, object?> { ["requiredScope"] = scope }).ExecuteAsync(context);
    }
}
