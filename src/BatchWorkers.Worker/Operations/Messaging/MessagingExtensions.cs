using BatchWorkers.Worker.FineTuning;
using BatchWorkers.Worker.ImageClassification;
using BatchWorkers.Worker.TextGeneration;
using BatchWorkers.Worker.Models;
using MassTransit;
using Microsoft.Extensions.Options;

namespace BatchWorkers.Worker.Operations.Messaging;

public static class MessagingExtensions
{
    public static WebApplicationBuilder AddMessaging(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RabbitMqOptions>().BindConfiguration(RabbitMqOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            bus.AddImageClassificationConsumers();
            bus.AddTextGenerationConsumers();
            bus.AddModelConsumers();
            bus.AddFineTuningConsumers();
            bus.AddConfigureEndpointsCallback((context, _, endpoint) => endpoint.UseFilter(new MessageSizeFilter(
                context.GetRequiredService<IOptions<RabbitMqOptions>>().Value.MaxMessageBytes, context.GetRequiredService<ILogger<MessageSizeFilter>>())));
            bus.UsingRabbitMq((context, rabbit) =>
            {
                var options = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                rabbit.Host(options.Host, (ushort)options.Port, options.VirtualHost, host =>
                {
                    host.Username(options.Username);
                    host.Password(options.Password);
                    if (options.UseTls)
                    {
                        host.UseSsl(ssl => RabbitMqTls.Configure(ssl, options, context.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RabbitMqTls))));
                    }
                });
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
