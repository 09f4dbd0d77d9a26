using System.Text.Json;
using BatchWorkers.Contracts;
using Dapper;
using Npgsql;

namespace BatchWorkers.Worker.Operations.Audit;

/// <summary>The audit trail in PostgreSQL (<c>audit_events</c>): append-only, read with the admin scope.</summary>
public sealed class AuditLog(NpgsqlDataSource dataSource, ILogger<AuditLog> logger)
{
    public const string JobSubmitted = "job.submitted";
    public const string JobRejected = "job.rejected";
    public const string ResultsRead = "results.read";
    public const string JobCancelled = "job.cancelled";
    public const string ReportRead = "report.read";
    public const string KeyCreated = "key.created";
    public const string KeyRevoked = "key.revoked";

    public async Task RecordAsync(AuditActor actor, string action, Guid? jobId, object? detail, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into audit_events (actor, actor_kind, source_address, action, job_id, detail)
            values (@Name, @Kind, @SourceAddress, @action, @jobId, cast(@detail as jsonb))
            """,
            new { actor.Name, actor.Kind, actor.SourceAddress, action, jobId, detail = JsonSerializer.Serialize(detail ?? new { }, BatchWorkersJson.Options) },
            cancellationToken: cancellationToken));
        logger.LogInformation("Audit: {Actor} ({ActorKind}) {Action} job {JobId}", actor.Name, actor.Kind, action, jobId);
    }

    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(Guid? jobId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            """
            select id, at, actor, actor_kind, source_address, action, job_id, detail::text as detail
            from audit_events where @jobId::uuid is null or job_id = @jobId order by at desc, id desc limit @limit
            """,
            new { jobId, limit }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new AuditEntry(
            r.Id, new DateTimeOffset(DateTime.SpecifyKind(r.At, DateTimeKind.Utc)), r.Actor, r.ActorKind, r.SourceAddress, r.Action, r.JobId,
            JsonDocument.Parse(r.Detail).RootElement.Clone()))];
    }

    private sealed class Row
    {
        public long Id { get; init; }
        public DateTime At { get; init; }
        public string Actor { get; init; } = "";
        public string ActorKind { get; init; } = "";
        public string? SourceAddress { get; init; }
        public string Action { get; init; } = "";
        public Guid? JobId { get; init; }
        public string Detail { get; init; } = "{}";
    }
}
