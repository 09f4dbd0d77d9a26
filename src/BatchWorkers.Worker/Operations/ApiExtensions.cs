using BatchWorkers.Contracts;
using Microsoft.AspNetCore.Http.Features;

namespace BatchWorkers.Worker.Operations;

/// <summary>Section <c>Api</c>.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Largest request body (JSON or multipart). Default 256 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 256L * 1024 * 1024;
}

public static class ApiExtensions
{
    public static WebApplicationBuilder AddApi(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ApiOptions.Section).Get<ApiOptions>() ?? new ApiOptions();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);
        builder.Services.Configure<FormOptions>(form => form.MultipartBodyLengthLimit = options.MaxRequestBodyBytes);
        builder.Services.ConfigureHttpJsonOptions(json => BatchWorkersJson.Configure(json.SerializerOptions));
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        return builder;
    }
}
