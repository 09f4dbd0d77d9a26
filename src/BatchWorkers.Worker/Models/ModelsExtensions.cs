using BatchWorkers.Worker.Models.Registry;
using MassTransit;

namespace BatchWorkers.Worker.Models;

public static class ModelsExtensions
{
    public static WebApplicationBuilder AddModels(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ModelOptions>().BindConfiguration(ModelOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ModelStore>();
        builder.Services.AddSingleton<ModelFiles>();
        builder.Services.AddSingleton<ModelRegistry>();
        builder.Services.AddSingleton<ModelStoreSync>();
        builder.Services.AddSingleton<ModelCatalog>();
        builder.Services.AddSingleton<OnnxSessionCache>();
        builder.Services.AddSingleton<IModelUnloader>(sp => sp.GetRequiredService<OnnxSessionCache>());
        builder.Services.AddHostedService<IdleSessionEviction>();
        builder.Services.AddScoped<ModelPromotion>();
        return builder;
    }

    /// <summary>Every replica gets every promotion: a temporary queue per process, removed when it stops.</summary>
    public static void AddModelConsumers(this IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<ModelPromotedConsumer>().Endpoint(e =>
        {
            e.Name = $"model-promoted-{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}".ToLowerInvariant();
            e.Temporary = true;
        });
}
