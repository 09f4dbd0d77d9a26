using BatchWorkers.Worker.Explainability;
using BatchWorkers.Worker.Jobs;
using MassTransit;

namespace BatchWorkers.Worker.ImageClassification;

public static class ImageClassificationExtensions
{
    public static WebApplicationBuilder AddImageClassification(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ImageClassificationOptions>().BindConfiguration(ImageClassificationOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ImageClassifierCache>();
        builder.Services.AddSingleton<ImageClassificationPipeline>();
        builder.Services.AddSingleton<IJobTypeHandler, ImageClassificationJobType>();
        builder.Services.AddSingleton<IItemExplainer, ImageSaliencyExplainer>();
        return builder;
    }

    public static void AddImageClassificationConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<SubmitImageClassificationJobConsumer, SubmitImageClassificationJobConsumerDefinition>();
        bus.AddConsumer<ClassifyImagesChunkConsumer, ClassifyImagesChunkConsumerDefinition>();
        bus.AddConsumer<ClassifyImagesChunkFaultConsumer>().Endpoint(e => e.Name = "classify-images-faults");
    }
}
