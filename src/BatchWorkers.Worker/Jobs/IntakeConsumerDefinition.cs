using MassTransit;

namespace BatchWorkers.Worker.Jobs;

/// <summary>The queue name and retry of a job type's message intake (Submit…Job consumers).</summary>
public abstract class IntakeConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    private readonly JobOptions _jobOptions;

    protected IntakeConsumerDefinition(string endpointName, JobOptions jobOptions)
    {
        _jobOptions = jobOptions;
        EndpointName = endpointName;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseJobRetry(_jobOptions);
}
