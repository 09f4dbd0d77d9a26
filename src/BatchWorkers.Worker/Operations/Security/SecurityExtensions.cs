using Microsoft.AspNetCore.HttpOverrides;

namespace BatchWorkers.Worker.Operations.Security;

public static class SecurityExtensions
{
    public static WebApplicationBuilder AddAccessControl(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AccessOptions>().BindConfiguration(AccessOptions.Section);
        builder.Services.AddAuthentication(AccessAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, AccessAuthenticationHandler>(AccessAuthenticationHandler.SchemeName, null);
        // Everything needs an authenticated caller unless it opts out (health probes do).
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        // Behind a reverse proxy on this machine, judge the real client: a proxied request is not "local".
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
        return builder;
    }
}
