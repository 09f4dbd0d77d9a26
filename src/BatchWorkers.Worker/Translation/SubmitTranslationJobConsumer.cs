using BatchWorkers.Contracts;
using BatchWorkers.Worker.Jobs;
using BatchWorkers.Worker.TextGeneration;
using MassTransit;
using Microsoft.Extensions.Options;

namespace BatchWorkers.Worker.Translation;

/// <summary>Message intake for other services. A rejected job is kept as Failed and announced with JobFailed.</summary>
public sealed class SubmitTranslationJobConsumer(JobIntake intake) : IConsumer<SubmitTranslationJob>
{
    public async Task Consume(ConsumeContext<SubmitTranslationJob> context)
    {
        var message = context.Message;
        var key = JobIntake.MessageKey(message.IdempotencyKey, context.MessageId);
        var submission = new JobSubmission(
            JobType.Translation, message.Model ?? "", message.ModelVersion, message.Priority, key,
            new TextGenerationParameters(message.Generation, message.Redact).ToJson(), message.Items ?? [], "rabbitmq", Retention: message.Retention, Sensitive: message.Sensitive, Explain: message.Explain);
        await intake.SubmitMessageAsync(submission, context.CancellationToken);
    }
}

public sealed class SubmitTranslationJobConsumerDefinition(IOptions<JobOptions> jobOptions)
    : IntakeConsumerDefinition<SubmitTranslationJobConsumer>("submit-translation", jobOptions.Value);
