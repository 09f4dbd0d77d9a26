using BatchWorkers.Contracts;
using Microsoft.AspNetCore.Authorization;

namespace BatchWorkers.Worker.Operations.Security;

/// <summary>
/// One authorization policy per scope. Endpoints name the scope they need; anything that names none needs an
/// authenticated caller (the fallback policy). Local requests and the operator login hold every scope.
/// </summary>
public static class AccessPolicies
{
    /// <summary>Submit and cancel jobs, add labelled examples.</summary>
    public const string Submit = "scope:" + ApiKeyScopes.Submit;

    /// <summary>Read jobs, results and models.</summary>
    public const string Read = "scope:" + ApiKeyScopes.Read;

    /// <summary>Promote and roll back models, the audit trail, key management, <c>/api/admin/*</c>, the dashboard.</summary>
    public const string Admin = "scope:" + ApiKeyScopes.Admin;

    internal static void Add(AuthorizationBuilder authorization)
    {
        authorization.SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        foreach (var scope in ApiKeyScopes.All)
        {
            authorization.AddPolicy("scope:" + scope, policy => policy.RequireAuthenticatedUser().RequireClaim(AccessAuthenticationHandler.ScopeClaim, scope));
        }
    }

    /// <summary>The scope a failed authorization was missing, from its unmet claim requirement.</summary>
    internal static string? MissingScope(AuthorizationFailure? failure) =>
        failure?.FailedRequirements.OfType<Microsoft.AspNetCore.Authorization.Infrastructure.ClaimsAuthorizationRequirement>()
            .FirstOrDefault(r => r.ClaimType == AccessAuthenticationHandler.ScopeClaim)?.AllowedValues?.FirstOrDefault();
}
