using MassTransit;

namespace BatchWorkers.Contracts;

/// <summary>
/// What another service uses to submit work over RabbitMQ. It fills in an idempotency key when the caller
/// has none and returns it, so the caller can match the <see cref="JobAccepted"/>, <see cref="JobCompleted"/>
/// and <see cref="JobFailed"/> events it later consumes, and can safely publish again after a failure.
/// </summary>
public sealed class JobSubmitter(IPublishEndpoint publishEndpoint)
{
    public async Task<string> SubmitAsync(SubmitImageClassificationJob job, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(job.IdempotencyKey);
        await publishEndpoint.Publish(job with { IdempotencyKey = key }, cancellationToken);
        return key;
    }

    public async Task<string> SubmitAsync(SubmitTranslationJob job, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(job.IdempotencyKey);
        await publishEndpoint.Publish(job with { IdempotencyKey = key }, cancellationToken);
        return key;
    }

    public async Task<string> SubmitAsync(SubmitSummarizationJob job, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(job.IdempotencyKey);
        await publishEndpoint.Publish(job with { IdempotencyKey = key }, cancellationToken);
        return key;
    }

    private static string KeyOf(string? key) => string.IsNullOrWhiteSpace(key) ? NewId.NextGuid().ToString("N") : key;
}
