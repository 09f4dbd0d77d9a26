using MassTransit;

namespace BatchWorkers.Worker.ImageClassification;

public sealed class SubmitImageClassificationJobConsumerDefinition : ConsumerDefinition<SubmitImageClassificationJobConsumer>
{
    public SubmitImageClassificationJobConsumerDefinition() => EndpointName = "submit-image-classification";

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<SubmitImageClassificationJobConsumer> consumerConfigurator,
        IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(r => r.Exponential(4, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(1)));
}
