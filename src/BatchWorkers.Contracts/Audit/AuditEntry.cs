using System.Text.Json;

namespace BatchWorkers.Contracts;

/// <summary>
/// One entry of the audit trail (<c>GET /api/audit</c>): who did what with which job, from where. Actors are names,
/// never secrets: <c>local</c>, an API key's id (<c>bwk_…</c>), <c>api-key-N</c> (the N-th configured key), the
/// operator's user name, or <c>rabbitmq</c> for message intake.
/// </summary>
/// <param name="Id">The entry's number, increasing.</param>
/// <param name="At">When it happened (UTC).</param>
/// <param name="Actor">Who: <c>local</c>, a key id (<c>bwk_…</c>), <c>api-key-N</c>, the operator's user name, <c>rabbitmq</c> or <c>system</c>.</param>
/// <param name="ActorKind"><c>local</c>, <c>api-key</c>, <c>operator</c>, <c>messaging</c> or <c>system</c>.</param>
/// <param name="SourceAddress">The client's address (behind a local proxy: from X-Forwarded-For); null for messages.</param>
/// <param name="Action"><c>job.submitted</c>, <c>job.rejected</c>, <c>results.read</c>, <c>job.cancelled</c>, <c>key.created</c> or <c>key.revoked</c>.</param>
/// <param name="JobId">The job concerned; null for a submission rejected before a job existed and for key changes.</param>
/// <param name="Detail">What else is worth knowing (item counts, the page read), never item content.</param>
public sealed record AuditEntry(
    long Id, DateTimeOffset At, string Actor, string ActorKind, string? SourceAddress, string Action, Guid? JobId, JsonElement Detail);
