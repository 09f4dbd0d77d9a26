using BatchWorkers.Worker.Operations.Security;
using Hangfire;

namespace BatchWorkers.Worker.Privacy.Encryption;

public static class EncryptionExtensions
{
    public static WebApplicationBuilder AddEncryption(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EncryptionOptions>().BindConfiguration(EncryptionOptions.Section);
        builder.Services.AddSingleton<KeyRing>();
        builder.Services.AddSingleton<RowCipher>();
        builder.Services.AddScoped<KeyRotation>();
        return builder;
    }

    /// <summary><c>POST /api/admin/rotate-data-keys</c>: queue a rotation (it also runs weekly); follow it in the dashboard.</summary>
    public static void MapEncryptionApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/admin/rotate-data-keys", (IBackgroundJobClient jobs) =>
                Results.Accepted(value: new { hangfireJobId = jobs.Enqueue<KeyRotation>(rotation => rotation.RunAsync(CancellationToken.None)) }))
            .WithTags("Admin").WithSummary("Re-seal every sensitive row with Encryption:ActiveKeyId (a Hangfire job).")
            .RequireAuthorization(AccessPolicies.Admin);

    public static void RegisterRotation(IRecurringJobManager recurringJobs) =>
        recurringJobs.AddOrUpdate<KeyRotation>(KeyRotation.RecurringJobId, "maintenance", rotation => rotation.RunAsync(CancellationToken.None), Cron.Weekly());
}
