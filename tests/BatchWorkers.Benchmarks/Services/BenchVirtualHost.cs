using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace BatchWorkers.Benchmarks.Services;

/// <summary>A RabbitMQ virtual host of the benchmark's own, created and deleted through the management API.</summary>
public sealed class BenchVirtualHost : IAsyncDisposable
{
    // How often to ask the broker whether the worker consumes yet.
    private static readonly TimeSpan ConsumerPollInterval = TimeSpan.FromMilliseconds(200);

    private readonly HttpClient _management;

    private BenchVirtualHost(string name, HttpClient management)
    {
        Name = name;
        _management = management;
    }

    public string Name { get; }

    public static async Task<BenchVirtualHost> CreateAsync(BenchServices services, CancellationToken cancellationToken)
    {
        var name = $"bw-bench-{Guid.NewGuid():N}";
        var management = new HttpClient { BaseAddress = new Uri($"http://{services.RabbitHost}:{services.RabbitManagementPort}/") };
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{services.RabbitUser}:{services.RabbitPassword}"));
        management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", token);
        try
        {
            (await management.PutAsync($"api/vhosts/{Uri.EscapeDataString(name)}", null, cancellationToken)).EnsureSuccessStatusCode();
            (await management.PutAsJsonAsync(
                $"api/permissions/{Uri.EscapeDataString(name)}/{Uri.EscapeDataString(services.RabbitUser)}",
                new { configure = ".*", write = ".*", read = ".*" }, cancellationToken)).EnsureSuccessStatusCode();
        }
        catch
        {
            management.Dispose();
            throw;
        }

        return new BenchVirtualHost(name, management);
    }

    public async Task<string> ServerVersionAsync(CancellationToken cancellationToken)
    {
        using var overview = JsonDocument.Parse(await _management.GetStringAsync("api/overview", cancellationToken));
        return overview.RootElement.TryGetProperty("rabbitmq_version", out var version) ? version.GetString() ?? "?" : "?";
    }

    /// <summary>Waits until <paramref name="queue"/> exists in this vhost with at least <paramref name="consumers"/> consumers.</summary>
    public async Task WaitForConsumerAsync(string queue, TimeSpan timeout, CancellationToken cancellationToken, int consumers = 1)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await _management.GetAsync(
                $"api/queues/{Uri.EscapeDataString(Name)}/{Uri.EscapeDataString(queue)}", cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                if (body.RootElement.TryGetProperty("consumers", out var count) && count.GetInt32() >= consumers)
                {
                    return;
                }
            }

            await Task.Delay(ConsumerPollInterval, cancellationToken);
        }

        throw new BenchmarkException($"{consumers} consumer(s) did not start consuming queue '{queue}' within {timeout.TotalSeconds:0} s.");
    }

    /// <summary>
    /// Messages in each queue of this vhost (ready + unacknowledged). The broker refreshes these figures every
    /// few seconds (collect_statistics_interval, 5 s by default), so a faster poll sees steps.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> QueueDepthsAsync(CancellationToken cancellationToken)
    {
        using var body = JsonDocument.Parse(await _management.GetStringAsync(
            $"api/queues/{Uri.EscapeDataString(Name)}?columns=name,messages", cancellationToken));
        var depths = new Dictionary<string, long>();
        foreach (var queue in body.RootElement.EnumerateArray())
        {
            depths[queue.GetProperty("name").GetString()!] =
                queue.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Number ? messages.GetInt64() : 0;
        }

        return depths;
    }

    public async ValueTask DisposeAsync()
    {
        using (await _management.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(Name)}"))
        {
        }

        _management.Dispose();
    }
}
