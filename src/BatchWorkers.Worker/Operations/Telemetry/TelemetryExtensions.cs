using OpenTelemetry.Metrics;

namespace BatchWorkers.Worker.Operations;

public static class TelemetryExtensions
{
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BatchWorkersMetrics>();
        builder.Services.AddHostedService<JobStateGauge>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(BatchWorkersMetrics.MeterName, "MassTransit")
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter());
        return builder;
    }
}
