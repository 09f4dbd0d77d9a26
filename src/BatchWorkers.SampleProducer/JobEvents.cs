using System.Collections.Concurrent;
using BatchWorkers.Contracts;
using MassTransit;

namespace BatchWorkers.SampleProducer;

/// <summary>Collects the worker's events for the jobs this program submitted, keyed by idempotency key.</summary>
public sealed class JobEvents
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<Guid>> _accepted = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _finished = new();

    public Task<Guid> Accepted(string key) => _accepted.GetOrAdd(key, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Completes with "Succeeded", "PartiallySucceeded", "Failed: reason" or "Cancelled: reason".</summary>
    public Task<string> Finished(string key) => _finished.GetOrAdd(key, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void OnAccepted(JobAccepted message) =>
        _accepted.GetOrAdd(message.IdempotencyKey, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(message.JobId);

    public void OnFinished(string? key, Guid jobId, string outcome)
    {
        if (key is not null)
        {
            _accepted.GetOrAdd(key, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(jobId);
            _finished.GetOrAdd(key, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(outcome);
        }
    }
}

public sealed class JobAcceptedConsumer(JobEvents events) : IConsumer<JobAccepted>
{
    public Task Consume(ConsumeContext<JobAccepted> context)
    {
        events.OnAccepted(context.Message);
        return Task.CompletedTask;
    }
}

public sealed class JobCompletedConsumer(JobEvents events) : IConsumer<JobCompleted>
{
    public Task Consume(ConsumeContext<JobCompleted> context)
    {
        events.OnFinished(context.Message.IdempotencyKey, context.Message.JobId, context.Message.State.ToString());
        return Task.CompletedTask;
    }
}

public sealed class JobFailedConsumer(JobEvents events) : IConsumer<JobFailed>
{
    public Task Consume(ConsumeContext<JobFailed> context)
    {
        events.OnFinished(context.Message.IdempotencyKey, context.Message.JobId, $"{context.Message.State}: {context.Message.Reason}");
        return Task.CompletedTask;
    }
}
