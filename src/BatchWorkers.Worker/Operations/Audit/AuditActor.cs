using System.Security.Claims;

namespace BatchWorkers.Worker.Operations.Audit;

/// <summary>Who acted, as the access rule knows them, and from which address.</summary>
public sealed record AuditActor(string Name, string Kind, string? SourceAddress)
{
    /// <summary>Message intake: the publishing service is known to the broker, not to us.</summary>
    public static AuditActor Messaging { get; } = new("rabbitmq", "messaging", null);

    /// <summary>Work the worker starts itself (scheduled retraining).</summary>
    public static AuditActor System { get; } = new("system", "system", null);

    public static AuditActor From(HttpContext context) => new(
        context.User.Identity?.Name ?? "anonymous",
        context.User.FindFirstValue("access") ?? "anonymous",
        context.Connection.RemoteIpAddress?.ToString());
}
