using Serilog;
using Serilog.Formatting.Compact;

namespace BatchWorkers.Worker.Operations.Logging;

public static class LoggingExtensions
{
    /// <summary>Serilog: JSON lines on the console in production, readable text in development; settings under <c>Serilog</c>.</summary>
    public static WebApplicationBuilder AddLogging(this WebApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddSerilog((services, logger) =>
        {
            logger.ReadFrom.Configuration(builder.Configuration).ReadFrom.Services(services).Enrich.FromLogContext()
                .Enrich.WithProperty("Worker", $"{Environment.MachineName}:{Environment.ProcessId}")
                .MinimumLevel.Override("Microsoft.AspNetCore", Serilog.Events.LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.Extensions.Http", Serilog.Events.LogEventLevel.Warning);
            if (development)
            {
                logger.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {Properties:j}{NewLine}{Exception}");
            }
            else
            {
                logger.WriteTo.Console(new RenderedCompactJsonFormatter());
            }
        });
        return builder;
    }
}
