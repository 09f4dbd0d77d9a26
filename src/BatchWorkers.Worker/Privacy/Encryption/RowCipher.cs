using System.Security.Cryptography;
using System.Text;

namespace BatchWorkers.Worker.Privacy.Encryption;

/// <summary>A sealed value and the id of the key that sealed it.</summary>
public readonly record struct Sealed(byte[] Bytes, string KeyId);

/// <summary>
/// Seals row values with AES-256-GCM (.NET's <see cref="AesGcm"/>): version byte, 12-byte random nonce, 16-byte tag,
/// ciphertext. The row's identity (job, item, field) is bound as associated data, so a sealed value copied into
/// another row does not open.
/// </summary>
public sealed class RowCipher(KeyRing keys)
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public bool IsConfigured => keys.ActiveKeyId is not null;

    public Sealed Seal(ReadOnlySpan<byte> plaintext, string context)
    {
        var keyId = keys.ActiveKeyId ?? throw new InvalidOperationException("No Encryption:ActiveKeyId is configured.");
        return new Sealed(Seal(plaintext, context, keyId), keyId);
    }

    public byte[] Seal(ReadOnlySpan<byte> plaintext, string context, string keyId)
    {
        var output = new byte[1 + NonceSize + TagSize + plaintext.Length];
        output[0] = Version;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(keys.Get(keyId), TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(1 + NonceSize + TagSize), output.AsSpan(1 + NonceSize, TagSize), Encoding.UTF8.GetBytes(context));
        return output;
    }

    /// <exception cref="CryptographicException">The value was altered, or belongs to another row.</exception>
    public byte[] Open(byte[] sealedValue, string keyId, string context)
    {
        if (sealedValue.Length < 1 + NonceSize + TagSize || sealedValue[0] != Version)
        {
            throw new CryptographicException("Not a sealed value of a version this worker reads.");
        }

        var plaintext = new byte[sealedValue.Length - 1 - NonceSize - TagSize];
        using var aes = new AesGcm(keys.Get(keyId), TagSize);
        aes.Decrypt(
            sealedValue.AsSpan(1, NonceSize), sealedValue.AsSpan(1 + NonceSize + TagSize), sealedValue.AsSpan(1 + NonceSize, TagSize), plaintext,
            Encoding.UTF8.GetBytes(context));
        return plaintext;
    }

    public static string InputContext(Guid jobId, int itemIndex) => $"input:{jobId:N}:{itemIndex}";

    public static string OutputContext(Guid jobId, int itemIndex) => $"output:{jobId:N}:{itemIndex}";
}
