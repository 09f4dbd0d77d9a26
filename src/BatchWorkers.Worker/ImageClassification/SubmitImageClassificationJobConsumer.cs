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
        var key = JobIntake.MessageKey(message.IdempotencyKey, context.MessageId);
        var submission = new JobSubmission(
            JobType.ImageClassification, message.Model ?? "", message.ModelVersion, message.Priority, key,
            new ImageClassificationParameters(message.TopK).ToJson(), message.Items ?? [], "rabbitmq", Retention: message.Retention, Sensitive: message.Sensitive, Explain: message.Explain);
        await intake.SubmitMessageAsync(submission, context.CancellationToken);
    }
}
