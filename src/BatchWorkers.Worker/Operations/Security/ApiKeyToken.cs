using System.Buffers.Text;
using System.Security.Cryptography;

namespace BatchWorkers.Worker.Operations.Security;

/// <summary>
/// The key string a caller sends: <c>{id}.{secret}</c>. The id (<c>bwk_</c> and 8 lower-case letters or digits) is
/// public and finds the key's row; the secret is 32 random bytes, base64url, of which the worker keeps only the
/// SHA-256 (see <c>migrations/0009_api_keys.sql</c> for why a fast hash is right for it).
/// </summary>
public static class ApiKeyToken
{
    public const string IdPrefix = "bwk_";
    public const int SecretBytes = 32;
    private const int IdRandomChars = 8;
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A new key: its id, the string to hand to the caller (once) and the hash to store.</summary>
    public static (string Id, string Key, byte[] Hash) Create()
    {
        var id = IdPrefix + RandomNumberGenerator.GetString(IdAlphabet, IdRandomChars);
        var secret = RandomNumberGenerator.GetBytes(SecretBytes);
        try
        {
            return (id, $"{id}.{Base64Url.EncodeToString(secret)}", SHA256.HashData(secret));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>Splits a presented key into its id and the SHA-256 of its secret; false when it has not the shape of one.</summary>
    public static bool TryParse(string presented, out string id, out byte[] secretHash)
    {
        id = "";
        secretHash = [];
        var dot = presented.IndexOf('.', StringComparison.Ordinal);
        if (dot != IdPrefix.Length + IdRandomChars || !IsId(presented[..dot]))
        {
            return false;
        }

        Span<byte> secret = stackalloc byte[SecretBytes + 3];
        var encoded = presented.AsSpan(dot + 1);
        if (Base64Url.GetMaxDecodedLength(encoded.Length) > secret.Length
            || !Base64Url.TryDecodeFromChars(encoded, secret, out var written) || written != SecretBytes)
        {
            return false;
        }

        id = presented[..dot];
        secretHash = SHA256.HashData(secret[..written]);
        CryptographicOperations.ZeroMemory(secret);
        return true;
    }

    /// <summary>Whether <paramref name="id"/> is a well-formed key id (what <c>DELETE /api/keys/{id}</c> accepts).</summary>
    public static bool IsId(string id) =>
        id.Length == IdPrefix.Length + IdRandomChars && id.StartsWith(IdPrefix, StringComparison.Ordinal)
        && id.AsSpan(IdPrefix.Length).IndexOfAnyExcept(IdAlphabet) < 0;
}
