using BatchWorkers.Worker.FineTuning.Examples;
using MassTransit;

namespace BatchWorkers.Worker.FineTuning;

public static class FineTuningExtensions
{
    public static WebApplicationBuilder AddFineTuning(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LabelledExampleStore>();
        builder.Services.AddSingleton<LabelledExampleIntake>();
        return builder;
    }

    public static void AddFineTuningConsumers(this IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<AddLabelledExamplesConsumer>().Endpoint(e => e.Name = "add-labelled-examples");

    public static void MapFineTuning(this WebApplication app) => app.MapLabelledExamplesApi();
}
