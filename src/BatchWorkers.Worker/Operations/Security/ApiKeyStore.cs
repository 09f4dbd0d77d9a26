using System.Collections.Concurrent;
using BatchWorkers.Contracts;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BatchWorkers.Worker.Operations.Security;

/// <summary>
/// The API keys of <c>api_keys</c>. Lookups for authentication are cached for <see cref="AccessOptions.KeyCacheDuration"/>;
/// revoking through this replica drops its cached entry at once, other replicas notice when theirs expires.
/// </summary>
public sealed class ApiKeyStore(NpgsqlDataSource dataSource, IOptions<AccessOptions> access, TimeProvider time)
{
    /// <summary><c>last_used_at</c> is written at most this often per key and replica, not on every request.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private const string Columns = "id, name, scopes, created_at, created_by, revoked_at, last_used_at";

    private readonly ConcurrentDictionary<string, (StoredApiKey Key, DateTimeOffset Expires)> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastMarkedUsed = new(StringComparer.Ordinal);

    public async Task<ApiKeyCreated> CreateAsync(string name, IReadOnlyList<string> scopes, string createdBy, CancellationToken cancellationToken)
    {
        var (id, key, hash) = ApiKeyToken.Create();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<Row>(new CommandDefinition(
            $"""
            insert into api_keys (id, name, hash, scopes, created_by) values (@id, @name, @hash, @scopes, @createdBy)
            returning {Columns}
            """,
            new { id, name, hash, scopes = scopes.ToArray(), createdBy }, cancellationToken: cancellationToken));
        return new ApiKeyCreated(key, row.ToInfo());
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"select {Columns} from api_keys order by created_at desc, id", cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToInfo())];
    }

    /// <summary>Revokes a key (the first revocation's time stays); null when there is no such key.</summary>
    public async Task<ApiKeyInfo?> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"update api_keys set revoked_at = coalesce(revoked_at, now()) where id = @id returning {Columns}",
            new { id }, cancellationToken: cancellationToken));
        _cache.TryRemove(id, out _);
        return row?.ToInfo();
    }

    /// <summary>The key with this id as authentication needs it, or null. Unknown ids are not cached.</summary>
    public async Task<StoredApiKey?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(id, out var cached) && cached.Expires > now)
        {
            return cached.Key;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(
            "select id, hash, scopes, revoked_at is not null as revoked from api_keys where id = @id",
            new { id }, cancellationToken: cancellationToken));
        var key = row is null ? null : new StoredApiKey(row.Id, row.Hash, row.Scopes, row.Revoked);
        var duration = access.Value.KeyCacheDuration;
        if (key is not null && duration > TimeSpan.Zero)
        {
            _cache[id] = (key, now + duration);
        }

        return key;
    }

    /// <summary>Records that a key was accepted, at most once per <see cref="LastUsedResolution"/> per replica.</summary>
    public async Task MarkUsedAsync(string id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_lastMarkedUsed.TryGetValue(id, out var last) && now - last < LastUsedResolution)
        {
            return;
        }

        _lastMarkedUsed[id] = now;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "update api_keys set last_used_at = now() where id = @id", new { id }, cancellationToken: cancellationToken));
    }

    private sealed class KeyRow
    {
        public string Id { get; init; } = "";
        public byte[] Hash { get; init; } = [];
        public string[] Scopes { get; init; } = [];
        public bool Revoked { get; init; }
    }

    private sealed class Row
    {
        public string Id { get; init; } = "";
        public string Name { get; init; } = "";
        public string[] Scopes { get; init; } = [];
        public DateTime CreatedAt { get; init; }
        public string CreatedBy { get; init; } = "";
        public DateTime? RevokedAt { get; init; }
        public DateTime? LastUsedAt { get; init; }

        public ApiKeyInfo ToInfo() => new(Id, Name, Scopes, Utc(CreatedAt), CreatedBy, RevokedAt is { } r ? Utc(r) : null, LastUsedAt is { } u ? Utc(u) : null);

        private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
    }
}

/// <summary>What authenticating a key needs: the SHA-256 of its secret, its scopes, whether it was revoked.</summary>
public sealed record StoredApiKey(string Id, byte[] Hash, string[] Scopes, bool Revoked);
