using BatchWorkers.Worker.Operations.Messaging;
using MassTransit;

namespace BatchWorkers.Worker.Jobs;

/// <summary>The one retry policy of every job consumer, from <see cref="JobOptions"/>.</summary>
public static class RetryPolicy
{
    public static void UseJobRetry(this IReceiveEndpointConfigurator endpoint, JobOptions options) =>
        endpoint.UseMessageRetry(retry => retry.Exponential(
                options.RetryCount, options.RetryMinInterval, options.RetryMaxInterval,
                TimeSpan.FromTicks(Math.Max(1, (options.RetryMaxInterval - options.RetryMinInterval).Ticks / Math.Max(1, options.RetryCount))))
            .Ignore<MessageTooLargeException>());
}
