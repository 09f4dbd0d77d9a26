using System.Collections.Concurrent;
using BatchWorkers.Contracts;
using MassTransit;

namespace BatchWorkers.Tests.Infrastructure;

/// <summary>Every JobAccepted, JobCompleted, JobFailed and ModelPromoted the worker publishes in a test's vhost.</summary>
public sealed class EventCollector : IConsumer<JobAccepted>, IConsumer<JobCompleted>, IConsumer<JobFailed>, IConsumer<ModelPromoted>
{
    public ConcurrentQueue<JobAccepted> Accepted { get; } = new();
    public ConcurrentQueue<JobCompleted> Completed { get; } = new();
    public ConcurrentQueue<JobFailed> Failed { get; } = new();
    public ConcurrentQueue<ModelPromoted> Promoted { get; } = new();

    public Task Consume(ConsumeContext<ModelPromoted> context)
    {
        Promoted.Enqueue(context.Message);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<JobAccepted> context)
    {
        Accepted.Enqueue(context.Message);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<JobCompleted> context)
    {
        Completed.Enqueue(context.Message);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<JobFailed> context)
    {
        Failed.Enqueue(context.Message);
        return Task.CompletedTask;
    }

    public Task<JobAccepted> AcceptedAsync(string key) =>
        Eventually.ReturnsAsync(() => Task.FromResult(Accepted.FirstOrDefault(e => e.IdempotencyKey == key)), e => e is not null,
            $"JobAccepted for {key}")!;

    public Task<JobCompleted> CompletedAsync(Guid jobId) =>
        Eventually.ReturnsAsync(() => Task.FromResult(Completed.FirstOrDefault(e => e.JobId == jobId)), e => e is not null,
            $"JobCompleted for {jobId}")!;

    public Task<JobFailed> FailedAsync(string key) =>
        Eventually.ReturnsAsync(() => Task.FromResult(Failed.FirstOrDefault(e => e.IdempotencyKey == key)), e => e is not null,
            $"JobFailed for {key}")!;
}
