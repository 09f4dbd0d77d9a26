namespace BatchWorkers.Worker.Operations.Security;

/// <summary>
/// Section <c>Access</c>: credentials for callers that are not on this machine. Local requests (loopback, after
/// trusted proxy headers) need none. With nothing configured, remote callers are refused everywhere.
/// </summary>
public sealed class AccessOptions
{
    public const string Section = "Access";

    /// <summary>API keys accepted in the <c>X-Api-Key</c> header; keys under 16 characters are ignored. Default none.</summary>
    public string[] ApiKeys { get; set; } = [];

    /// <summary>Operator user name for the dashboard (HTTP Basic). Default none.</summary>
    public string? DashboardUsername { get; set; }

    /// <summary>Operator password for the dashboard (HTTP Basic), at least 16 characters or it is ignored. Default none.</summary>
    public string? DashboardPassword { get; set; }
}
