using BatchWorkers.Contracts;
using Dapper;
using Npgsql;

namespace BatchWorkers.Worker.Models.Registry;

/// <summary>The <c>model_versions</c> and <c>model_promotions</c> tables.</summary>
public sealed class ModelRegistry(NpgsqlDataSource dataSource, TimeProvider time)
{
    private const string Columns = """
        name, version, task, artifact_path, sha256, metrics::text as metrics, parent_version, produced_by_job,
        stage, registered_at, stage_changed_at
        """;

    /// <summary>Registers a version; one already registered stays as it is. Returns true when this call added it.</summary>
    public async Task<bool> RegisterAsync(NewModelVersion version, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        return await connection.ExecuteAsync(new CommandDefinition("""
            insert into model_versions (name, version, task, artifact_path, sha256, metrics, parent_version, produced_by_job,
                                        stage, registered_at, stage_changed_at)
            values (@Name, @Version, @Task, @ArtifactPath, @Sha256, cast(@MetricsJson as jsonb), @ParentVersion, @ProducedByJob,
                    'candidate', @now, @now)
            on conflict (name, version) do nothing
            """, new
        {
            version.Name, version.Version, Task = version.Task.ToString(), version.ArtifactPath, version.Sha256, version.MetricsJson,
            version.ParentVersion, version.ProducedByJob, now,
        }, cancellationToken: cancellationToken)) == 1;
    }

    public async Task<ModelVersionRecord?> GetAsync(string name, string version, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ModelVersionRecord>(new CommandDefinition(
            $"select {Columns} from model_versions where name = @name and version = @version", new { name, version },
            cancellationToken: cancellationToken));
    }

    public async Task<ModelVersionRecord?> GetProductionAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ModelVersionRecord>(new CommandDefinition(
            $"select {Columns} from model_versions where name = @name and stage = 'production'", new { name },
            cancellationToken: cancellationToken));
    }

    /// <summary>The version a fine-tune job registered, once it got that far.</summary>
    public async Task<ModelVersionRecord?> GetProducedByAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QueryFirstOrDefaultAsync<ModelVersionRecord>(new CommandDefinition(
            $"select {Columns} from model_versions where produced_by_job = @jobId order by registered_at limit 1", new { jobId },
            cancellationToken: cancellationToken));
    }

    /// <summary>What the gate decided for this version, once it has.</summary>
    public async Task<GateDecision?> GateDecisionAsync(string name, string version, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QueryFirstOrDefaultAsync<GateDecision>(new CommandDefinition("""
            select decision = 'promoted' as promote, reason from model_promotions
            where name = @name and to_version = @version and kind = 'gate'
            order by id desc limit 1
            """, new { name, version }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<ModelVersionRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ModelVersionRecord>(new CommandDefinition(
            $"select {Columns} from model_versions order by name, registered_at", cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>
    /// Makes <paramref name="version"/> production and archives the previous one, recording the decision, in one
    /// transaction. Returns the previous production version, or throws when another promotion won the race.
    /// </summary>
    public async Task<string?> PromoteAsync(string name, string version, string kind, string reason, string decidedBy, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var previous = await connection.ExecuteScalarAsync<string?>(new CommandDefinition("""
            update model_versions set stage = 'archived', stage_changed_at = @now
            where name = @name and stage = 'production' and version <> @version
            returning version
            """, new { name, version, now }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("""
            update model_versions set stage = 'production', stage_changed_at = @now where name = @name and version = @version
            """, new { name, version, now }, transaction, cancellationToken: cancellationToken));
        await RecordAsync(connection, transaction, name, previous, version, kind, "promoted", reason, decidedBy, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return previous;
    }

    /// <summary>Records a refused promotion (the gate said no) with its reason.</summary>
    public async Task RecordRefusalAsync(string name, string version, string? production, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await RecordAsync(connection, null, name, production, version, "gate", "refused", reason, "gate", cancellationToken);
    }

    /// <summary>The version that was production before the current one, from the promotion history.</summary>
    public async Task<string?> PreviousProductionAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition("""
            select from_version from model_promotions
            where name = @name and decision = 'promoted' and from_version is not null
              and to_version = (select version from model_versions where name = @name and stage = 'production')
            order by decided_at desc, id desc limit 1
            """, new { name }, cancellationToken: cancellationToken));
    }

    private Task RecordAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string name, string? from, string to, string kind, string decision,
        string reason, string decidedBy, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("""
            insert into model_promotions (name, from_version, to_version, kind, decision, reason, decided_by, decided_at)
            values (@name, @from, @to, @kind, @decision, @reason, @decidedBy, @now)
            """, new { name, from, to, kind, decision, reason, decidedBy, now = time.GetUtcNow().UtcDateTime }, transaction,
            cancellationToken: cancellationToken));
}
