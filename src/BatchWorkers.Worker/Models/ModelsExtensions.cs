namespace BatchWorkers.Worker.Models;

public static class ModelsExtensions
{
    public static WebApplicationBuilder AddModels(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ModelOptions>().BindConfiguration(ModelOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ModelCatalog>();
        builder.Services.AddSingleton<OnnxSessionCache>();
        return builder;
    }
}
