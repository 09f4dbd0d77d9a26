using BatchWorkers.Worker.Explainability;
using BatchWorkers.Worker.FineTuning;
using BatchWorkers.Worker.ImageClassification;
using BatchWorkers.Worker.Jobs;
using BatchWorkers.Worker.Jobs.Api;
using BatchWorkers.Worker.Models;
using BatchWorkers.Worker.Models.Registry;
using BatchWorkers.Worker.Operations;
using BatchWorkers.Worker.Operations.Audit;
using BatchWorkers.Worker.Operations.Health;
using BatchWorkers.Worker.Operations.Logging;
using BatchWorkers.Worker.Operations.Messaging;
using BatchWorkers.Worker.Operations.Scheduling;
using BatchWorkers.Worker.Operations.Security;
using BatchWorkers.Worker.Persistence;
using BatchWorkers.Worker.Privacy.Encryption;
using BatchWorkers.Worker.Privacy.Redaction;
using BatchWorkers.Worker.TextGeneration;
using Hangfire;
using Microsoft.Extensions.Options;
using Serilog;

namespace BatchWorkers.Worker;

/// <summary>The worker host: a table of contents of its features. Tests build it the same way Program does.</summary>
public static class WorkerApplication
{
    public static Task<WebApplication> CreateAsync(string[] args, CancellationToken cancellationToken = default) =>
        CreateAsync(args, null, cancellationToken);

    /// <param name="args">Command-line configuration.</param>
    /// <param name="configureServices">Last changes to the services (tests add a log sink); null for none.</param>
    /// <param name="cancellationToken">Stops the migrations and the model store sync.</param>
    public static async Task<WebApplication> CreateAsync(string[] args, Action<IServiceCollection>? configureServices, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddLogging()
            .AddAccessControl()
            .AddAudit()
            .AddEncryption()
            .AddRedaction()
            .AddPersistence()
            .AddJobs()
            .AddModels()
            .AddImageClassification()
            .AddTextGeneration()
            .AddFineTuning()
            .AddExplainability()
            .AddMessaging()
            .AddScheduling()
            .AddHealth()
            .AddTelemetry()
            .AddApi();
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        // Misconfigured data keys or redaction patterns stop the worker here, named, not at the first job that needs them.
        _ = app.Services.GetRequiredService<KeyRing>();
        _ = app.Services.GetRequiredService<BatchWorkers.Privacy.Redactor>();
        if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup)
        {
            await app.Services.GetRequiredService<MigrationRunner>().RunAsync(cancellationToken);
        }
        else
        {
            await app.Services.GetRequiredService<SchemaCheck>().EnsureCurrentAsync(cancellationToken);
        }

        // Models copied into the store while the worker was down are registered before any job names them.
        await app.Services.GetRequiredService<ModelStoreSync>().SyncAsync(cancellationToken);

        app.UseForwardedHeaders();
        app.UseSerilogRequestLogging();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAccessControl();

        app.MapHealth();
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous().DisableRateLimiting();
        app.MapOpenApi();
        app.MapJobsApi();
        app.MapExplanationApi();
        app.MapReportPages();
        app.MapModelsApi();
        app.MapModelSealingApi();
        app.MapAuditApi();
        app.MapApiKeys();
        app.MapEncryptionApi();
        app.MapFineTuning();
        app.MapDashboard();
        app.MapGet("/", () => Results.Redirect(DashboardExtensions.Path)).ExcludeFromDescription();

        var recurringJobs = app.Services.GetRequiredService<IRecurringJobManager>();
        SchedulingExtensions.RegisterRecurringJobs(recurringJobs, app.Services.GetRequiredService<IOptions<SchedulingOptions>>().Value);
        EncryptionExtensions.RegisterRotation(recurringJobs);
        ExplainabilityExtensions.RegisterExplanationSweeper(recurringJobs);
        FineTuningExtensions.RegisterRetrainingSchedules(recurringJobs, app.Services.GetRequiredService<IOptions<FineTuneOptions>>().Value);
        return app;
    }
}
