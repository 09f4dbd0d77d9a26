using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace BatchWorkers.Worker.Operations.Security;

/// <summary>
/// One rule for the API, the dashboard and every page: a local request is trusted; any other must bring an API
/// key (<c>X-Api-Key</c>) or the operator's HTTP Basic credentials. Denials are logged without the secret.
/// </summary>
public sealed class AccessAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions, ILoggerFactory loggerFactory, UrlEncoder encoder,
    IOptionsMonitor<AccessOptions> access)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "BatchWorkersAccess";
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>Shorter configured keys (an unset environment variable, a typo) are ignored rather than trusted.</summary>
    public const int MinimumKeyLength = 16;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var remote = Context.Connection.RemoteIpAddress;
        if (remote is not null && IPAddress.IsLoopback(remote))
        {
            return Task.FromResult(Success("local", "local"));
        }

        var options = access.CurrentValue;
        if (Request.Headers.TryGetValue(ApiKeyHeader, out var key) && key.Count == 1)
        {
            var index = Array.FindIndex(options.ApiKeys, k => k.Length >= MinimumKeyLength && SecretEquals(k, key[0]));
            return Task.FromResult(index >= 0 ? Success($"api-key-{index}", "api-key") : Deny("the API key is not valid"));
        }

        if (BasicCredentials() is var (user, password) && options.DashboardUsername is { Length: > 0 } expectedUser
            && options.DashboardPassword is { Length: >= MinimumKeyLength } expectedPassword)
        {
            return Task.FromResult(SecretEquals(expectedUser, user) && SecretEquals(expectedPassword, password)
                ? Success(expectedUser, "operator")
                : Deny("the operator credentials are not valid"));
        }

        return Task.FromResult(AuthenticateResult.NoResult());
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Logger.LogWarning("Denied {Method} {Path} from {RemoteIp}: no valid credentials", Request.Method, Request.Path, Context.Connection.RemoteIpAddress);
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Basic realm=\"BatchWorkers\", charset=\"UTF-8\"";
        await Results.Problem(
            title: "Credentials required",
            detail: $"Requests from other machines need an API key in the {ApiKeyHeader} header (bw: --api-key or BW_API_KEY), or the operator's user name and password.",
            statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Logger.LogWarning("Forbidden {Method} {Path} to {Actor} from {RemoteIp}", Request.Method, Request.Path, Context.User.Identity?.Name, Context.Connection.RemoteIpAddress);
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Results.Problem(
            title: "Operator access required",
            detail: "This needs the operator's user name and password (or a request from the worker's own machine); API keys cannot read it.",
            statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(Context);
    }

    private AuthenticateResult Deny(string reason)
    {
        Logger.LogWarning("Denied {Method} {Path} from {RemoteIp}: {Reason}", Request.Method, Request.Path, Context.Connection.RemoteIpAddress, reason);
        return AuthenticateResult.Fail(reason);
    }

    private AuthenticateResult Success(string name, string kind)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim("access", kind)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private (string User, string Password)? BasicCredentials()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : (decoded[..colon], decoded[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    // Compares hashes so that neither the length nor the content leaks through timing.
    private static bool SecretEquals(string expected, string? actual) =>
        actual is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(expected)), SHA256.HashData(Encoding.UTF8.GetBytes(actual)));
}
