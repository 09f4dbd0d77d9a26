using System.ComponentModel.DataAnnotations;

namespace BatchWorkers.Worker.Operations.Security;

/// <summary>
/// Section <c>Access</c>: credentials for callers that are not on this machine. Local requests (loopback, after
/// trusted proxy headers) need none. API keys are created with <c>bw keys create</c> (the <c>api_keys</c> table);
/// the keys configured here are the older way. With neither, remote callers are refused everywhere.
/// </summary>
public sealed class AccessOptions
{
    public const string Section = "Access";

    /// <summary>
    /// Configured API keys accepted in the <c>X-Api-Key</c> header, with the <c>admin</c> scope (everything), as before
    /// scopes existed; keys under 16 characters are ignored. Default none. Prefer <c>bw keys create</c>.
    /// </summary>
    public string[] ApiKeys { get; set; } = [];

    /// <summary>Operator user name for the dashboard (HTTP Basic). Default none.</summary>
    public string? DashboardUsername { get; set; }

    /// <summary>Operator password for the dashboard (HTTP Basic), at least 16 characters or it is ignored. Default none.</summary>
    public string? DashboardPassword { get; set; }

    /// <summary>
    /// How long a replica reuses a key it looked up. A revocation through another replica takes effect on this one
    /// within this time (at once on the replica that revoked it). Default 5 seconds; zero looks every key up on every
    /// request, which cost about 1 ms per request against 0.2 ms cached on the 2-core development machine.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan KeyCacheDuration { get; set; } = TimeSpan.FromSeconds(5);
}
