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
        var key = JobIntake.MessageKey(message.IdempotencyKey, context.MessageId);
        var submission = new JobSubmission(
            JobType.Summarization, message.Model ?? "", message.ModelVersion, message.Priority, key,
            new TextGenerationParameters(message.Generation, message.Redact).ToJson(), message.Items ?? [], "rabbitmq", Retention: message.Retention, Sensitive: message.Sensitive, Explain: message.Explain);
        await intake.SubmitMessageAsync(submission, context.CancellationToken);
    }
}

public sealed class SubmitSummarizationJobConsumerDefinition(IOptions<JobOptions> jobOptions)
    : IntakeConsumerDefinition<SubmitSummarizationJobConsumer>("submit-summarization", jobOptions.Value);
