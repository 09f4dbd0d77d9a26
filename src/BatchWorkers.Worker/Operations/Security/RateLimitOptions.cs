using System.ComponentModel.DataAnnotations;

namespace BatchWorkers.Worker.Operations.Security;

/// <summary>
/// Section <c>RateLimits</c>: how many requests one remote caller (an API key, the operator, or an address without
/// valid credentials) may make. Requests from the worker's own machine, health probes and metrics are not limited.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Sustained requests per minute per caller. Default 600; 0 turns rate limiting off.</summary>
    [Range(0, 6_000_000)]
    public int PermitsPerMinute { get; set; } = 600;

    /// <summary>Requests a caller may make at once before the sustained rate applies (the bucket's size). Default 100.</summary>
    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 100;
}
