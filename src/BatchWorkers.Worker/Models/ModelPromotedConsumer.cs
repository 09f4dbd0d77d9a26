using BatchWorkers.Contracts;
using MassTransit;

namespace BatchWorkers.Worker.Models;

/// <summary>
/// Every worker receives every promotion (its own temporary queue): the previous production session is retired,
/// so it is disposed as soon as the chunks still using it finish, and memory does not grow with each promotion.
/// New jobs resolve to the new version on their own.
/// </summary>
public sealed class ModelPromotedConsumer(IEnumerable<IModelUnloader> caches, ILogger<ModelPromotedConsumer> logger) : IConsumer<ModelPromoted>
{
    public Task Consume(ConsumeContext<ModelPromoted> context)
    {
        if (context.Message.PreviousVersion is { } previous)
        {
            foreach (var cache in caches)
            {
                cache.Retire($"{context.Message.Name}@{previous}");
            }
        }

        logger.LogInformation("Model {Model}: new jobs now run version {Version}", context.Message.Name, context.Message.Version);
        return Task.CompletedTask;
    }
}
