using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace BatchWorkers.Worker.Operations.Security;

public static class SecurityExtensions
{
    public static WebApplicationBuilder AddAccessControl(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AccessOptions>().BindConfiguration(AccessOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddAuthentication(AccessAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, AccessAuthenticationHandler>(AccessAuthenticationHandler.SchemeName, null);
        // Everything needs an authenticated caller unless it opts out (health probes do); endpoints name their scope.
        AccessPolicies.Add(builder.Services.AddAuthorizationBuilder());
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, ScopeDenialHandler>();
        // Behind a reverse proxy on this machine, judge the real client: a proxied request is not "local".
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
        return builder.AddApiRateLimits();
    }

    /// <summary>Authentication, then the rate limiter (which partitions by the caller), then authorization.</summary>
    public static WebApplication UseAccessControl(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        if (app.Services.GetRequiredService<IOptions<AccessOptions>>().Value.ApiKeys.Any(k => k.Length >= AccessAuthenticationHandler.MinimumKeyLength))
        {
            app.Logger.LogWarning(
                "Access:ApiKeys are configured: each is accepted with the admin scope (everything). Create keys with only the scopes a caller needs with `bw keys create`, then remove Access:ApiKeys.");
        }

        return app;
    }
}
