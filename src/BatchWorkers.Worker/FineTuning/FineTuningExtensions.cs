using BatchWorkers.Worker.FineTuning.Datasets;
using BatchWorkers.Worker.FineTuning.Examples;
using BatchWorkers.Worker.Jobs;
using Hangfire;
using MassTransit;

namespace BatchWorkers.Worker.FineTuning;

public static class FineTuningExtensions
{
    public static WebApplicationBuilder AddFineTuning(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<FineTuneOptions>().BindConfiguration(FineTuneOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<LabelledExampleStore>();
        builder.Services.AddSingleton<LabelledExampleIntake>();
        builder.Services.AddSingleton<FineTuneDatasets>();
        builder.Services.AddSingleton<FineTuneVersioning>();
        builder.Services.AddSingleton<IJobTypeHandler, FineTuneJobType>();
        builder.Services.AddSingleton<BatchWorkers.Worker.Explainability.IItemExplainer, TrainingReportExplainer>();
        builder.Services.AddScoped<FineTuneRunner>();
        builder.Services.AddScoped<NightlyRetraining>();
        return builder;
    }

    public static void AddFineTuningConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<AddLabelledExamplesConsumer>().Endpoint(e => e.Name = "add-labelled-examples");
        bus.AddConsumer<SubmitFineTuneJobConsumer>().Endpoint(e => e.Name = "submit-fine-tune");
    }

    public static void MapFineTuning(this WebApplication app) => app.MapLabelledExamplesApi();

    /// <summary>One recurring job per scheduled model; shown (and triggerable by hand) in the dashboard.</summary>
    public static void RegisterRetrainingSchedules(IRecurringJobManager recurringJobs, FineTuneOptions options)
    {
        foreach (var schedule in options.Nightly)
        {
            recurringJobs.AddOrUpdate<NightlyRetraining>(
                NightlyRetraining.RecurringJobId(schedule.Model), "maintenance", r => r.RunAsync(schedule.Model, CancellationToken.None),
                schedule.Cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        }
    }
}
