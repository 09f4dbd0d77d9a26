using Hangfire;
using Microsoft.Extensions.Options;

namespace BatchWorkers.Worker.Explainability;

public static class ExplainabilityExtensions
{
    public static WebApplicationBuilder AddExplainability(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ExplainOptions>().BindConfiguration(ExplainOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ExplanationStore>();
        builder.Services.AddSingleton<ExplanationScheduler>();
        builder.Services.AddSingleton<ExplanationPacer>();
        builder.Services.AddScoped<ExplainItemJob>();
        builder.Services.AddScoped<ExplanationSweeper>();
        var concurrency = builder.Configuration.GetSection(ExplainOptions.Section).Get<ExplainOptions>()?.Concurrency ?? new ExplainOptions().Concurrency;
        if (concurrency > 0)
        {
            // A server of its own: reports never occupy the workers of maintenance or training, and vice versa.
            builder.Services.AddHangfireServer((_, server) =>
            {
                server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}:explain";
                server.Queues = [ExplainItemJob.Queue];
                server.WorkerCount = concurrency;
            });
        }

        return builder;
    }

    public static void RegisterExplanationSweeper(IRecurringJobManager recurringJobs) =>
        recurringJobs.AddOrUpdate<ExplanationSweeper>(
            ExplanationSweeper.RecurringJobId, "maintenance", sweeper => sweeper.RunAsync(CancellationToken.None), "* * * * *");
}
