using System.Net.Http.Json;
using System.Text.Json;
using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;

namespace BatchWorkers.Tests.Operations;

/// <summary>A worker whose RabbitMQ connection is cut (broker restart, network blip, consumer timeout) recovers by itself.</summary>
public sealed class ConnectionRecoveryTests(WorkerFixture fixture) : IClassFixture<WorkerFixture>
{
    [Fact]
    public async Task BrokerClosesTheWorkersConnections_WorkerReconnectsAndKeepsServing()
    {
        // Both buses in this vhost (the worker's and the test's) lose their connection.
        await Eventually.HoldsAsync(async () => (await ConnectionNamesAsync()).Count >= 2, "both buses listed by the broker");
        var closed = await CloseConnectionsAsync();
        await Eventually.HoldsAsync(
            async () => (await ConnectionNamesAsync()).Except(closed).Count() >= 2, "both buses to reconnect", TimeSpan.FromSeconds(90));

        var key = await new JobSubmitter(fixture.Bus).SubmitAsync(new SubmitImageClassificationJob
        {
            Model = TestModels.Colours, Items = [JobItem.FromBytes(TestImages.Solid(TestImages.Blue))],
        });
        var accepted = await fixture.Events.AcceptedAsync(key);
        var completed = await fixture.Events.CompletedAsync(accepted.JobId);

        Assert.True(closed.Count >= 2, "there were connections to close");
        Assert.Equal(JobState.Succeeded, completed.State);
    }

    private async Task<List<string>> CloseConnectionsAsync()
    {
        var names = await ConnectionNamesAsync();
        foreach (var name in names)
        {
            using var response = await fixture.VirtualHost.DeleteAsync($"connections/{Uri.EscapeDataString(name)}");
            response.EnsureSuccessStatusCode();
        }

        return names;
    }

    private async Task<List<string>> ConnectionNamesAsync()
    {
        using var response = await fixture.VirtualHost.GetAsync("vhosts/{vhost}/connections");
        var connections = await response.Content.ReadFromJsonAsync<JsonElement>();
        return connections.EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToList();
    }
}
