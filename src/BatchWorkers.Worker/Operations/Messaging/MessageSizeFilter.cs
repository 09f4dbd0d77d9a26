using MassTransit;

namespace BatchWorkers.Worker.Operations.Messaging;

/// <summary>
/// Refuses a message whose body is over <see cref="RabbitMqOptions.MaxMessageBytes"/> before any consumer reads it:
/// it is not retried and goes to the queue's <c>_error</c> queue.
/// </summary>
public sealed class MessageSizeFilter(long maxBytes, ILogger<MessageSizeFilter> logger) : IFilter<ConsumeContext>
{
    public Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        if (context.ReceiveContext.Body.Length is { } length && length > maxBytes)
        {
            logger.LogWarning(
                "Refused message {MessageId} on {InputAddress}: {Bytes} bytes, over RabbitMq:MaxMessageBytes ({MaxBytes})",
                context.MessageId, context.ReceiveContext.InputAddress, length, maxBytes);
            throw new MessageTooLargeException($"The message is {length:N0} bytes; the worker accepts at most {maxBytes:N0} (RabbitMq:MaxMessageBytes). Pass large items by URL.");
        }

        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("messageSize").Add("maxBytes", maxBytes);
}

/// <summary>A message over <see cref="RabbitMqOptions.MaxMessageBytes"/>; never retried.</summary>
public sealed class MessageTooLargeException(string message) : Exception(message);
