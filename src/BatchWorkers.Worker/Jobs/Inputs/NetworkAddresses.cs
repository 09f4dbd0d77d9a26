using System.Net;
using System.Net.Sockets;

namespace BatchWorkers.Worker.Jobs.Inputs;

/// <summary>
/// Tells public internet addresses from the ones an item URL must not reach by default: loopback, private,
/// link-local (cloud metadata at 169.254.169.254), shared (CGNAT), unspecified, multicast, broadcast and reserved.
/// IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4) are judged by that address.
/// </summary>
public static class NetworkAddresses
{
    /// <summary>What kind of non-public address this is ("loopback (127.0.0.0/8)"), or null for a public one.</summary>
    public static string? NonPublicKind(IPAddress address) => address.AddressFamily switch
    {
        AddressFamily.InterNetwork => OfIPv4(address.GetAddressBytes()),
        AddressFamily.InterNetworkV6 => OfIPv6(address),
        _ => $"not an internet address ({address.AddressFamily})",
    };

    private static string? OfIPv4(ReadOnlySpan<byte> b) => b switch
    {
        [0, ..] => "unspecified (0.0.0.0/8)",
        [127, ..] => "loopback (127.0.0.0/8)",
        [10, ..] => "private (10.0.0.0/8)",
        [172, >= 16 and <= 31, ..] => "private (172.16.0.0/12)",
        [192, 168, ..] => "private (192.168.0.0/16)",
        [169, 254, ..] => "link-local (169.254.0.0/16, where cloud metadata services answer)",
        [100, >= 64 and <= 127, ..] => "shared carrier-grade NAT (100.64.0.0/10)",
        [192, 0, 0, _] => "IETF protocol assignment (192.0.0.0/24)",
        [198, 18 or 19, ..] => "benchmarking (198.18.0.0/15)",
        [>= 224 and <= 239, ..] => "multicast (224.0.0.0/4)",
        [255, 255, 255, 255] => "broadcast (255.255.255.255)",
        [>= 240, ..] => "reserved (240.0.0.0/4)",
        _ => null,
    };

    private static string? OfIPv6(IPAddress address)
    {
        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out _);
        if (address.IsIPv4MappedToIPv6)
        {
            return OfIPv4(b[12..]);
        }

        return b switch
        {
            _ when address.Equals(IPAddress.IPv6Any) => "unspecified (::)",
            _ when address.Equals(IPAddress.IPv6Loopback) => "loopback (::1)",
            // Deprecated IPv4-compatible ::a.b.c.d and NAT64 64:ff9b::a.b.c.d reach the IPv4 address they carry.
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ..] => OfIPv4(b[12..]) ?? "IPv4-compatible (::/96)",
            [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, ..] => OfIPv4(b[12..]),
            [0x20, 0x02, ..] => OfIPv4(b[2..6]),
            [0xfe, >= 0x80 and <= 0xbf, ..] => "link-local (fe80::/10)",
            [0xfe, >= 0xc0, ..] => "site-local (fec0::/10)",
            [0xfc or 0xfd, ..] => "unique local, private (fc00::/7)",
            [0xff, ..] => "multicast (ff00::/8)",
            _ => null,
        };
    }
}
