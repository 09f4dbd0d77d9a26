namespace BatchWorkers.Contracts;

/// <summary><c>POST /api/keys</c>: a new key's name (for people) and its scopes (<see cref="ApiKeyScopes"/>).</summary>
public sealed record CreateApiKeyRequest(string Name, IReadOnlyList<string> Scopes);

/// <summary>An API key as <c>GET /api/keys</c> lists it: never its secret, which the worker does not keep.</summary>
/// <param name="Id">The public part of the key (<c>bwk_…</c>); the audit trail and the logs name callers by it.</param>
/// <param name="Name">What the key is for.</param>
/// <param name="Scopes"><c>submit</c>, <c>read</c>, <c>admin</c>.</param>
/// <param name="CreatedAt">When it was created (UTC).</param>
/// <param name="CreatedBy">Who created it (the caller as the audit trail names it).</param>
/// <param name="RevokedAt">When it was revoked; null while it works.</param>
/// <param name="LastUsedAt">Last accepted use, to the minute or so; null if never used.</param>
public sealed record ApiKeyInfo(
    string Id, string Name, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt);

/// <summary>
/// The answer to <c>POST /api/keys</c>. <paramref name="Key"/> (<c>{id}.{secret}</c>, sent as <c>X-Api-Key</c>) is
/// shown this once: the worker keeps only a hash of the secret.
/// </summary>
public sealed record ApiKeyCreated(string Key, ApiKeyInfo Info);
