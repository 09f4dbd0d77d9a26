using BatchWorkers.Contracts;
using BatchWorkers.Worker.Jobs;
using MassTransit;

namespace BatchWorkers.Worker.FineTuning;

/// <summary>Message intake for fine-tune jobs. A rejected job is kept as Failed and announced with JobFailed.</summary>
public sealed class SubmitFineTuneJobConsumer(JobIntake intake) : IConsumer<SubmitFineTuneJob>
{
    public async Task Consume(ConsumeContext<SubmitFineTuneJob> context)
    {
        var message = context.Message;
        var key = JobIntake.MessageKey(message.IdempotencyKey, context.MessageId);
        var submission = new JobSubmission(JobType.FineTune, message.Model ?? "", null, message.Priority, key, "{}", [], "rabbitmq");
        try
        {
            await intake.SubmitAsync(submission with { ParametersJson = FineTuneParameters.ToJson(FineTuneParameters.Validate(message.Settings)) }, context.CancellationToken);
        }
        catch (JobRejectedException rejection)
        {
            await intake.RecordRejectedAsync(submission, rejection, context.CancellationToken);
        }
    }
}
