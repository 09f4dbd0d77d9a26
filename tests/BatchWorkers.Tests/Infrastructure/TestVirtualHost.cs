using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace BatchWorkers.Tests.Infrastructure;

/// <summary>A RabbitMQ virtual host of its own for one test class, created and deleted through the management API.</summary>
public sealed class TestVirtualHost : IAsyncDisposable
{
    private readonly HttpClient _management;

    private TestVirtualHost(string name, HttpClient management)
    {
        Name = name;
        _management = management;
    }

    public string Name { get; }

    public static async Task<TestVirtualHost> CreateAsync(string owner)
    {
        var name = $"bw-{owner.ToLowerInvariant()}-{Guid.NewGuid():N}";
        var management = CreateManagementClient();
        (await management.PutAsync($"api/vhosts/{Uri.EscapeDataString(name)}", null)).EnsureSuccessStatusCode();
        (await management.PutAsJsonAsync(
            $"api/permissions/{Uri.EscapeDataString(name)}/{Uri.EscapeDataString(TestServices.RabbitUser)}",
            new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        return new TestVirtualHost(name, management);
    }

    /// <summary>GET on the management API for this vhost, e.g. <c>queues/{vhost}/NAME</c>.</summary>
    public Task<HttpResponseMessage> GetAsync(string pathWithVhostPlaceholder) =>
        _management.GetAsync("api/" + pathWithVhostPlaceholder.Replace("{vhost}", Uri.EscapeDataString(Name), StringComparison.Ordinal));

    /// <summary>DELETE on the management API, e.g. <c>connections/NAME</c> to cut a client off.</summary>
    public Task<HttpResponseMessage> DeleteAsync(string path) => _management.DeleteAsync("api/" + path);

    public async ValueTask DisposeAsync()
    {
        await _management.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(Name)}");
        _management.Dispose();
    }

    private static HttpClient CreateManagementClient()
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://{TestServices.RabbitHost}:{TestServices.RabbitManagementPort}/") };
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestServices.RabbitUser}:{TestServices.RabbitPassword}"));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", token);
        return client;
    }
}
