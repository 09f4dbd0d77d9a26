using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace BatchWorkers.Worker.Jobs.Inputs;

/// <summary>
/// The connect step of item fetches (<see cref="SocketsHttpHandler.ConnectCallback"/>): resolves the host itself,
/// refuses it when any address is not public (unless <see cref="InputOptions.AllowPrivateNetworks"/> or
/// <see cref="InputOptions.AllowedHosts"/> say otherwise), and connects only to the addresses it checked. Every
/// connection goes through here, redirects included, and the address checked is the address connected to, so
/// neither a redirect nor a DNS answer that changes between check and use (rebinding) reaches an internal service.
/// </summary>
public sealed class GuardedConnector(IOptions<InputOptions> options)
{
    /// <summary>The <see cref="SocketsHttpHandler.ConnectCallback"/>.</summary>
    public ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken) =>
        ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, cancellationToken);

    /// <exception cref="BlockedAddressException">The host resolves to an address item URLs may not reach.</exception>
    public async ValueTask<Stream> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        IPAddress[] addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (!options.Value.AllowPrivateNetworks && !IsAllowedHost(host))
        {
            foreach (var address in addresses)
            {
                if (NetworkAddresses.NonPublicKind(address) is { } kind)
                {
                    throw new BlockedAddressException(host, address, kind);
                }
            }
        }

        SocketException? failure = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                failure = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw failure ?? new SocketException((int)SocketError.HostNotFound);
    }

    private bool IsAllowedHost(string host) => options.Value.AllowedHosts.Any(allowed =>
        allowed.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(allowed[1..], StringComparison.OrdinalIgnoreCase)
            : string.Equals(host, allowed, StringComparison.OrdinalIgnoreCase));
}

/// <summary>An item URL whose host resolves to an address the worker may not fetch from.</summary>
public sealed class BlockedAddressException(string host, IPAddress address, string kind)
    : IOException($"'{host}' resolves to {address}: {kind}, not a public address")
{
    public string Host { get; } = host;

    public IPAddress Address { get; } = address;
}
