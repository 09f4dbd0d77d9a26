using BatchWorkers.Worker;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace BatchWorkers.Tests.Infrastructure;

/// <summary>The real worker host, built by <see cref="WorkerApplication"/> and listening on a free loopback port.</summary>
public sealed class InProcessWorker : IAsyncDisposable
{
    private InProcessWorker(WebApplication app, Uri address)
    {
        App = app;
        Address = address;
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<InProcessWorker> StartAsync(IReadOnlyDictionary<string, string> settings, Action<IServiceCollection>? configureServices = null)
    {
        var app = await WorkerApplication.CreateAsync(WorkerSettings.ToArgs(settings), configureServices);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new InProcessWorker(app, new Uri(address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
