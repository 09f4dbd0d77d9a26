-- API keys for callers on other machines, created and revoked with `bw keys` (POST and DELETE /api/keys). A caller
-- sends "{id}.{secret}": the id ('bwk_' and 8 characters) is public, names the key in logs and the audit trail and
-- finds its row; the secret is 32 random bytes, of which only the SHA-256 is kept.
--
-- Why a fast, unsalted hash: slow salted hashes (bcrypt, scrypt, Argon2) exist to make guessing low-entropy,
-- human-chosen passwords expensive and to keep equal passwords from sharing a hash. A secret of 256 random bits
-- cannot be guessed at any hashing speed and is never shared, so a slow hash would add nothing but tens of
-- milliseconds to every request. Someone who reads this table learns names and scopes, never a usable key.
create table api_keys (
    id            text        primary key,
    name          text        not null,
    hash          bytea       not null,
    scopes        text[]      not null,
    created_at    timestamptz not null default now(),
    created_by    text        not null,
    revoked_at    timestamptz null,
    last_used_at  timestamptz null,
    constraint api_keys_hash_is_sha256 check (octet_length(hash) = 32),
    constraint api_keys_scopes_known check (cardinality(scopes) > 0 and scopes <@ array['submit', 'read', 'admin'])
);
