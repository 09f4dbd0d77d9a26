using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using BatchWorkers.Contracts;
using BatchWorkers.Worker.Explainability;
using BatchWorkers.Worker.Jobs.Inputs;
using BatchWorkers.Worker.Operations.Audit;
using BatchWorkers.Worker.Privacy.Encryption;
using BatchWorkers.Worker.Operations;
using MassTransit;
using Microsoft.Extensions.Options;

namespace BatchWorkers.Worker.Jobs;

/// <summary>
/// Every intake (message, HTTP, CLI) ends here: check the submission, record the job with its items and chunks,
/// then dispatch the chunks (or start the single run). A crash between recording and dispatching (or starting) is
/// repaired by the stuck-chunk sweeper.
/// </summary>
public sealed class JobIntake(
    JobTypeRegistry registry, JobStore jobs, ChunkStore chunks, ChunkDispatcher dispatcher, JobEventPublisher events,
    IPublishEndpoint publishEndpoint, IOptions<JobOptions> jobOptions, IOptions<InputOptions> inputOptions,
    AuditLog audit, RowCipher cipher, IOptions<EncryptionOptions> encryption, IOptions<ExplainOptions> explain,
    BatchWorkersMetrics metrics, ILogger<JobIntake> logger)
{
    /// <summary>Longest idempotency key: it is a unique index entry, whose size PostgreSQL limits.</summary>
    public const int MaxIdempotencyKeyLength = 512;

    /// <exception cref="JobRejectedException">When the submission cannot become a runnable job.</exception>
    public async Task<SubmissionResult> SubmitAsync(JobSubmission submission, CancellationToken cancellationToken)
    {
        var handler = registry.Get(submission.Type);
        if (submission.IdempotencyKey is { } unusable && !IsUsableKey(unusable))
        {
            throw new JobRejectedException(JobRejectionCodes.InvalidParameters,
                $"idempotencyKey must be at most {MaxIdempotencyKeyLength} characters of valid Unicode text without NUL characters; "
                + $"this one has {unusable.Length:N0} characters{(StorableText.IsValid(unusable) ? "" : " and is not valid Unicode")}.");
        }

        // A null item (JSON null) is an item with nothing in it: it fails alone with input.invalid.
        submission = submission with { Items = [.. submission.Items.Select(item => item ?? new JobItem())] };
        submission = submission with { Sensitive = submission.Sensitive ?? encryption.Value.SensitiveByDefault };
        // A training run always gets its report (curves, confusion matrix); other types as asked or configured.
        var plan = submission.Type == JobType.FineTune && submission.Explain is null
            ? new ExplainPlan(ExplainMode.All, 1, explain.Value.DefaultBudget)
            : ExplainPlan.Resolve(submission.Explain, explain.Value);
        submission = submission with { ExplainPlanJson = plan.Mode == ExplainMode.None ? null : plan.ToJson() };
        if (submission.Sensitive == true && !cipher.IsConfigured)
        {
            throw new JobRejectedException(JobRejectionCodes.InvalidParameters,
                "The job is sensitive but this worker has no data key to encrypt it with: set Encryption:ActiveKeyId and Encryption:Keys (see docs/privacy.md).");
        }

        if (submission.Retention?.TimeToLive is { } ttl && (ttl < TimeSpan.FromMinutes(1) || ttl > TimeSpan.FromDays(3650)))
        {
            throw new JobRejectedException(JobRejectionCodes.InvalidParameters,
                $"retention.timeToLive must be between 1 minute and 3650 days; it was {ttl}.");
        }

        var result = handler is ISingleRunJobType single
            ? await RecordSingleRunAsync(single, submission, cancellationToken)
            : await RecordChunkedAsync((IChunkedJobType)handler, submission, cancellationToken);
        if (result.Created)
        {
            metrics.JobSubmitted(submission.Type, submission.SubmittedVia);
            if (submission.IdempotencyKey is { } key)
            {
                await publishEndpoint.Publish(
                    new JobAccepted(result.JobId, key, submission.Type, Math.Max(1, submission.Items.Count), DateTimeOffset.UtcNow), cancellationToken);
            }
        }
        else
        {
            logger.LogInformation("Submission with idempotency key {IdempotencyKey} returns existing job {JobId}", submission.IdempotencyKey, result.JobId);
        }

        await audit.RecordAsync(ActorOf(submission), AuditLog.JobSubmitted, result.JobId, Describe(submission, result.Created), cancellationToken);
        return result;
    }

    private async Task<SubmissionResult> RecordChunkedAsync(IChunkedJobType handler, JobSubmission submission, CancellationToken cancellationToken)
    {
        if (submission.Items.Count == 0)
        {
            throw new JobRejectedException(JobRejectionCodes.NoItems, "The job has no items. Add at least one item.");
        }

        if (submission.Items.Count > jobOptions.Value.MaxItemsPerJob)
        {
            throw new JobRejectedException(JobRejectionCodes.TooManyItems,
                $"The job has {submission.Items.Count} items; the limit is {jobOptions.Value.MaxItemsPerJob}. Split it into several jobs.");
        }

        var modelVersion = await handler.ValidateAsync(submission, cancellationToken);
        var intakeErrors = submission.Items.Select(item => ItemIntakeCheck.Check(item, inputOptions.Value)).ToList();
        var result = await jobs.InsertAsync(
            submission, modelVersion, jobOptions.Value.ChunkSize, intakeErrors, JobState.Queued, null, cancellationToken);
        if (result.Created)
        {
            var pending = await chunks.ListPendingIndexesAsync(result.JobId, cancellationToken);
            await dispatcher.DispatchAsync(result.JobId, submission.Type, submission.Priority, pending, cancellationToken);
            logger.LogInformation(
                "Job {JobId} accepted via {Via}: {Type} on {Model} {ModelVersion}, {Items} items in {Chunks} chunks, priority {Priority}",
                result.JobId, submission.SubmittedVia, submission.Type, submission.Model, modelVersion, submission.Items.Count,
                pending.Count, submission.Priority);
        }

        return result;
    }

    private async Task<SubmissionResult> RecordSingleRunAsync(ISingleRunJobType handler, JobSubmission submission, CancellationToken cancellationToken)
    {
        var modelVersion = await handler.ValidateAsync(submission, cancellationToken);
        var run = submission with { Items = [new JobItem { Name = handler.RunName }] };
        var result = await jobs.InsertAsync(run, modelVersion, chunkSize: null, [null], JobState.Queued, null, cancellationToken);
        if (result.Created)
        {
            await handler.StartAsync(result.JobId, cancellationToken);
            // Killed before this line, the job stays Queued unmarked and the maintenance sweep starts it again; not
            // cancelled with the request, since the run is already started.
            await jobs.MarkRunQueuedAsync(result.JobId, CancellationToken.None);
            logger.LogInformation("Job {JobId} accepted via {Via}: {Type} for {Model}", result.JobId, submission.SubmittedVia, submission.Type, submission.Model);
        }

        return result;
    }

    /// <summary>A message's idempotency key: the client's, or the message id, so a redelivered message is still one job.</summary>
    public static string MessageKey(string? idempotencyKey, Guid? messageId) =>
        string.IsNullOrWhiteSpace(idempotencyKey) ? $"message:{messageId}" : idempotencyKey;

    /// <summary>Message intake: submits, and records a rejected job as Failed (announced with JobFailed).</summary>
    public async Task SubmitMessageAsync(JobSubmission submission, CancellationToken cancellationToken)
    {
        try
        {
            await SubmitAsync(submission, cancellationToken);
        }
        catch (JobRejectedException rejection)
        {
            await RecordRejectedAsync(submission, rejection, cancellationToken);
        }
    }

    /// <summary>
    /// For message intake, where nobody waits for an answer: keep the rejected job as Failed with its reason
    /// and tell the submitter with <see cref="JobFailed"/>.
    /// </summary>
    public async Task<SubmissionResult> RecordRejectedAsync(JobSubmission submission, JobRejectedException rejection, CancellationToken cancellationToken)
    {
        Debug.Assert(submission.IdempotencyKey is not null, "message intake always has a key");
        // Record what was sent, as far as PostgreSQL can store it; an unusable key is replaced by its hash, which is
        // still the same for a redelivered message.
        submission = submission with
        {
            Model = StorableText.Sanitize(submission.Model)!,
            ModelVersion = StorableText.Sanitize(submission.ModelVersion),
            IdempotencyKey = IsUsableKey(submission.IdempotencyKey!)
                ? submission.IdempotencyKey
                : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(submission.IdempotencyKey.AsSpan()))),
        };
        // Each item gets the rejection as its error, so the job's every item has an outcome, as for any other job.
        var reason = StorableText.Sanitize($"{rejection.Code}: {rejection.Message}")!;
        // (Not for a job rejected for its size: that many rows are what the limit is there to prevent.)
        var itemErrors = submission.Items.Count <= jobOptions.Value.MaxItemsPerJob
            ? submission.Items.Select(_ => (IntakeError?)new IntakeError(rejection.Code, reason)).ToList()
            : [];
        var result = await jobs.InsertAsync(
            submission, submission.ModelVersion, jobOptions.Value.ChunkSize, itemErrors, JobState.Failed, reason, cancellationToken);
        logger.LogWarning("Job {JobId} rejected at intake via {Via}: {Code} {Reason}", result.JobId, submission.SubmittedVia, rejection.Code, rejection.Message);
        await audit.RecordAsync(ActorOf(submission), AuditLog.JobRejected, result.JobId, new { rejection.Code, submission.Type, submission.Model }, cancellationToken);
        if (result.Created && await jobs.GetAsync(result.JobId, cancellationToken) is { } job)
        {
            await events.PublishFinalAsync(job, cancellationToken);
        }

        return result;
    }

    private static bool IsUsableKey(string key) => key.Length <= MaxIdempotencyKeyLength && StorableText.IsValid(key);

    private static AuditActor ActorOf(JobSubmission submission) =>
        submission.SubmittedBy ?? (submission.SubmittedVia == "rabbitmq" ? AuditActor.Messaging : AuditActor.System);

    private static object Describe(JobSubmission submission, bool created) => new
    {
        created, submission.Type, submission.Model, submission.ModelVersion, Items = submission.Items.Count, Via = submission.SubmittedVia,
    };
}
