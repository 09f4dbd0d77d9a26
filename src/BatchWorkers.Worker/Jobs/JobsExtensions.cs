using BatchWorkers.Worker.Jobs.Inputs;
using BatchWorkers.Worker.Jobs.Maintenance;

namespace BatchWorkers.Worker.Jobs;

public static class JobsExtensions
{
    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<JobOptions>().BindConfiguration(JobOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<InputOptions>().BindConfiguration(InputOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<GuardedConnector>();
        // No proxy: the connector must see the item's own host, not a proxy's. Redirects connect through it again.
        services.AddHttpClient(ItemContentReader.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                AllowAutoRedirect = true, MaxAutomaticRedirections = 5, UseProxy = false,
                ConnectCallback = provider.GetRequiredService<GuardedConnector>().ConnectAsync,
            });
        services.AddSingleton<JobStore>();
        services.AddSingleton<ChunkStore>();
        services.AddSingleton<ResultStore>();
        services.AddSingleton<JobStatusQuery>();
        services.AddSingleton<JobTypeRegistry>();
        services.AddSingleton<ItemContentReader>();
        // These publish, so they take the scope's IPublishEndpoint (the consume context inside a consumer).
        services.AddScoped<ChunkDispatcher>();
        services.AddScoped<JobEventPublisher>();
        services.AddScoped<JobIntake>();
        services.AddSingleton<InferenceActivity>();
        services.AddScoped<ChunkRunner>();
        services.AddScoped<ChunkFaultRecorder>();
        services.AddScoped<JobCancellation>();
        services.AddScoped<StuckChunkSweeper>();
        services.AddScoped<RetentionPurge>();
        services.AddScoped<JobRetention>();
        return builder;
    }
}
