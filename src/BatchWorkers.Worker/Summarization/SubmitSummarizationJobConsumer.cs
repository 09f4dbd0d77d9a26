using BatchWorkers.Contracts;
using BatchWorkers.Worker.Jobs;
using BatchWorkers.Worker.TextGeneration;
using MassTransit;
using Microsoft.Extensions.Options;

namespace BatchWorkers.Worker.Summarization;

/// <summary>Message intake for other services. A rejected job is kept as Failed and announced with JobFailed.</summary>
public sealed class SubmitSummarizationJobConsumer(JobIntake intake) : IConsumer<SubmitSummarizationJob>
{
    public async Task Consume(ConsumeContext<SubmitSummarizationJob> context)
    {
        var message = context.Message;
        // Without a client key the message id stands in, so a redelivered message is still one job.
        var key = string.IsNullOrWhiteSpace(message.IdempotencyKey) ? $"message:{context.MessageId}" : message.IdempotencyKey;
        var submission = new JobSubmission(
            JobType.Summarization, message.Model ?? "", message.ModelVersion, message.Priority, key,
            new TextGenerationParameters(message.Generation, message.Redact).ToJson(), message.Items ?? [], "rabbitmq", Retention: message.Retention, Sensitive: message.Sensitive, Explain: message.Explain);
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

public sealed class SubmitSummarizationJobConsumerDefinition(IOptions<JobOptions> jobOptions)
    : IntakeConsumerDefinition<SubmitSummarizationJobConsumer>("submit-summarization", jobOptions.Value);
