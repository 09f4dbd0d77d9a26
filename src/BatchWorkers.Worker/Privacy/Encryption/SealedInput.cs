using System.Text;

namespace BatchWorkers.Worker.Privacy.Encryption;

/// <summary>An item's input (text, bytes or reference) as one byte string to seal: a kind byte, then the content.</summary>
public static class SealedInput
{
    private const byte TextKind = 1;
    private const byte DataKind = 2;
    private const byte UriKind = 3;

    public static byte[] Pack(string? text, byte[]? data, string? uri) =>
        text is not null ? [TextKind, .. Encoding.UTF8.GetBytes(text)]
        : data is not null ? [DataKind, .. data]
        : uri is not null ? [UriKind, .. Encoding.UTF8.GetBytes(uri)]
        : [];

    public static (string? Text, byte[]? Data, string? Uri) Unpack(byte[] packed) => packed switch
    {
        [TextKind, ..] => (Encoding.UTF8.GetString(packed, 1, packed.Length - 1), null, null),
        [DataKind, ..] => (null, packed[1..], null),
        [UriKind, ..] => (null, null, Encoding.UTF8.GetString(packed, 1, packed.Length - 1)),
        _ => (null, null, null),
    };
}
