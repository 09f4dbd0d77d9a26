using System.Net;
using System.Net.Sockets;
using BatchWorkers.Worker.Jobs.Inputs;
using Microsoft.Extensions.Options;

namespace BatchWorkers.Tests.Jobs.Inputs;

/// <summary>The connect step of item fetches against a real listener on loopback.</summary>
public sealed class GuardedConnectorTests : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public GuardedConnectorTests() => _listener.Start();

    private int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("LocalHost")]
    public async Task Connect_HostResolvingToLoopback_RefusedBeforeAnyConnection(string host)
    {
        var connector = new GuardedConnector(Options.Create(new InputOptions()));

        var blocked = await Assert.ThrowsAsync<BlockedAddressException>(() => ConnectAsync(connector, host));

        Assert.Contains("loopback", blocked.Message, StringComparison.Ordinal);
        Assert.False(_listener.Pending(), "a connection reached the listener");
    }

    [Theory]
    [InlineData("localhost", "localhost")]
    [InlineData("LOCALHOST", "localhost")]
    [InlineData("127.0.0.1", "127.0.0.1")]
    public async Task Connect_AllowedHost_Connects(string host, string allowed)
    {
        var connector = new GuardedConnector(Options.Create(new InputOptions { AllowedHosts = [allowed] }));

        await using var stream = await ConnectAsync(connector, host);

        using var accepted = await _listener.AcceptSocketAsync();
    }

    [Fact]
    public async Task Connect_AllowPrivateNetworks_Connects()
    {
        var connector = new GuardedConnector(Options.Create(new InputOptions { AllowPrivateNetworks = true }));

        await using var stream = await ConnectAsync(connector, "127.0.0.1");

        using var accepted = await _listener.AcceptSocketAsync();
    }

    [Fact]
    public async Task Connect_WildcardEntry_CoversSubdomainsOnly()
    {
        var connector = new GuardedConnector(Options.Create(new InputOptions { AllowedHosts = ["*.localhost"] }));

        await Assert.ThrowsAsync<BlockedAddressException>(() => ConnectAsync(connector, "localhost"));
    }

    private Task<Stream> ConnectAsync(GuardedConnector connector, string host) =>
        connector.ConnectAsync(host, Port, CancellationToken.None).AsTask();

    public void Dispose() => _listener.Dispose();
}
