using BatchWorkers.Contracts;
using BatchWorkers.Worker.Jobs;
using MassTransit;

namespace BatchWorkers.Worker.ImageClassification;

/// <summary>Message intake for other services. A rejected job is kept as Failed and announced with JobFailed.</summary>
public sealed class SubmitImageClassificationJobConsumer(JobIntake intake) : IConsumer<SubmitImageClassificationJob>
{
    public async Task Consume(ConsumeContext<SubmitImageClassificationJob> context)
    {
        var message = context.Message;
        // Without a client key the message id stands in, so a redelivered message is still one job.
        var key = string.IsNullOrWhiteSpace(message.IdempotencyKey) ? $"message:{context.MessageId}" : message.IdempotencyKey;
        var submission = new JobSubmission(
            JobType.ImageClassification, message.Model ?? "", message.ModelVersion, message.Priority, key,
            new ImageClassificationParameters(message.TopK).ToJson(), message.Items ?? [], "rabbitmq", Retention: message.Retention, Sensitive: message.Sensitive, Explain: message.Explain);
        try
        {
            await intake.SubmitAsync(submission, context.CancellationToken);
        }
        catch (JobRejectedException rejection)
        {
            await intake.RecordRejectedAsync(submission, rejection, context.CancellationToken);
        }
    }
}
