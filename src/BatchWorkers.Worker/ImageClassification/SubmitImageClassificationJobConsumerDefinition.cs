using BatchWorkers.Worker.Jobs;
using MassTransit;
using Microsoft.Extensions.Options;

namespace BatchWorkers.Worker.ImageClassification;

public sealed class SubmitImageClassificationJobConsumerDefinition : ConsumerDefinition<SubmitImageClassificationJobConsumer>
{
    private readonly JobOptions _jobOptions;

    public SubmitImageClassificationJobConsumerDefinition(IOptions<JobOptions> jobOptions)
    {
        _jobOptions = jobOptions.Value;
        EndpointName = "submit-image-classification";
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<SubmitImageClassificationJobConsumer> consumerConfigurator,
        IRegistrationContext context) =>
        endpointConfigurator.UseJobRetry(_jobOptions);
}
