using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using BatchWorkers.Contracts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace BatchWorkers.Worker.Operations.Security;

/// <summary>
/// One rule for the API, the dashboard and every page: a local request is trusted with every scope; any other must
/// bring an API key (<c>X-Api-Key</c>: one of <c>api_keys</c>, or a configured key) or the operator's HTTP Basic
/// credentials. Denials are logged with the path, the key id if any and the address, never a secret.
/// </summary>
public sealed class AccessAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions, ILoggerFactory loggerFactory, UrlEncoder encoder,
    IOptionsMonitor<AccessOptions> access, ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "BatchWorkersAccess";
    public const string ApiKeyHeader = BatchWorkersApiClient.ApiKeyHeader;

    /// <summary>The claim saying how the caller got in: <c>local</c>, <c>api-key</c> or <c>operator</c>.</summary>
    public const string AccessClaim = "access";

    /// <summary>One claim per scope the caller has (<see cref="ApiKeyScopes"/>).</summary>
    public const string ScopeClaim = "scope";

    /// <summary>Shorter configured keys (an unset environment variable, a typo) are ignored rather than trusted.</summary>
    public const int MinimumKeyLength = 16;

    private string? _presentedKeyId;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var remote = Context.Connection.RemoteIpAddress;
        if (remote is not null && IPAddress.IsLoopback(remote))
        {
            return Success("local", "local", ApiKeyScopes.All);
        }

        if (Request.Headers.TryGetValue(ApiKeyHeader, out var header) && header.Count == 1)
        {
            return await AuthenticateKeyAsync(header[0] ?? "");
        }

        var options = access.CurrentValue;
        if (BasicCredentials() is var (user, password) && options.DashboardUsername is { Length: > 0 } expectedUser
            && options.DashboardPassword is { Length: >= MinimumKeyLength } expectedPassword)
        {
            return SecretEquals(expectedUser, user) && SecretEquals(expectedPassword, password)
                ? Success(expectedUser, "operator", ApiKeyScopes.All)
                : AuthenticateResult.Fail("the operator credentials are not valid");
        }

        return AuthenticateResult.NoResult();
    }

    private async Task<AuthenticateResult> AuthenticateKeyAsync(string presented)
    {
        if (ApiKeyToken.TryParse(presented, out var id, out var secretHash))
        {
            _presentedKeyId = id;
            if (await keys.FindAsync(id, Context.RequestAborted) is { } stored && CryptographicOperations.FixedTimeEquals(stored.Hash, secretHash))
            {
                if (stored.Revoked)
                {
                    return AuthenticateResult.Fail("the API key was revoked");
                }

                await keys.MarkUsedAsync(id, Context.RequestAborted);
                return Success(id, "api-key", stored.Scopes);
            }
        }

        // Keys from configuration, as before scopes: everything, under the name api-key-N.
        var index = Array.FindIndex(access.CurrentValue.ApiKeys, k => k.Length >= MinimumKeyLength && SecretEquals(k, presented));
        return index >= 0 ? Success($"api-key-{index}", "api-key", [ApiKeyScopes.Admin]) : AuthenticateResult.Fail("the API key is not valid");
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message ?? "no credentials";
        Logger.LogWarning(
            "Denied {Method} {Path} from {RemoteIp} (key {KeyId}): {Reason}",
            Request.Method, Request.Path, Context.Connection.RemoteIpAddress, _presentedKeyId ?? "-", failure);
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Basic realm=\"BatchWorkers\", charset=\"UTF-8\"";
        await Results.Problem(
            title: "Credentials required",
            detail: $"Requests from other machines need an API key in the {ApiKeyHeader} header (bw: --api-key or BW_API_KEY; create one with `bw keys create`), or the operator's user name and password.",
            statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(Context);
    }

    private AuthenticateResult Success(string name, string kind, IEnumerable<string> scopes)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name), new(AccessClaim, kind) };
        // Admin includes the other scopes, so each policy needs to look for one claim only.
        var effective = scopes.Contains(ApiKeyScopes.Admin, StringComparer.Ordinal) ? ApiKeyScopes.All : scopes;
        claims.AddRange(effective.Distinct(StringComparer.Ordinal).Select(scope => new Claim(ScopeClaim, scope)));
        var identity = new ClaimsIdentity(claims, SchemeName);
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
