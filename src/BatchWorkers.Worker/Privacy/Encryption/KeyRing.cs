using System.Text.Json;
using Microsoft.Extensions.Options;

namespace BatchWorkers.Worker.Privacy.Encryption;

/// <summary>The configured data keys, checked at start-up: every key 32 bytes, the active one present.</summary>
public sealed class KeyRing
{
    private readonly Dictionary<string, byte[]> _keys;

    public KeyRing(IOptions<EncryptionOptions> options)
    {
        var settings = options.Value;
        var encoded = new Dictionary<string, string>(settings.Keys);
        if (settings.KeysFile is { Length: > 0 } file)
        {
            var fromFile = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(file))
                ?? throw new InvalidOperationException($"Encryption:KeysFile '{file}' holds no JSON object of key id → base64 key.");
            foreach (var (id, key) in fromFile)
            {
                encoded[id] = key;
            }
        }

        _keys = encoded.ToDictionary(p => p.Key, p => Decode(p.Key, p.Value));
        if (settings.ActiveKeyId is { Length: > 0 } active && !_keys.ContainsKey(active))
        {
            throw new InvalidOperationException(
                $"Encryption:ActiveKeyId is '{active}' but no such key is configured (Encryption:Keys:{active} or Encryption:KeysFile).");
        }

        ActiveKeyId = string.IsNullOrEmpty(settings.ActiveKeyId) ? null : settings.ActiveKeyId;
        if (settings.SealModels && ActiveKeyId is null)
        {
            throw new InvalidOperationException("Encryption:SealModels is on but there is no Encryption:ActiveKeyId to seal with.");
        }
    }

    /// <summary>The id new rows are sealed with; null when encryption is not configured.</summary>
    public string? ActiveKeyId { get; }

    public byte[] Get(string keyId) => _keys.TryGetValue(keyId, out var key)
        ? key
        : throw new KeyNotFoundException(
            $"Data key '{keyId}' is not configured, so rows sealed with it cannot be read. Add it back to Encryption:Keys (keys must stay until rotation has moved every row off them).");

    private static byte[] Decode(string id, string value)
    {
        try
        {
            var key = Convert.FromBase64String(value);
            return key.Length == 32 ? key : throw new InvalidOperationException($"Encryption key '{id}' is {key.Length} bytes; AES-256 needs 32 (openssl rand -base64 32).");
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"Encryption key '{id}' is not base64 (openssl rand -base64 32 makes one).");
        }
    }
}
