using BatchWorkers.Privacy;
using Microsoft.Extensions.Options;

namespace BatchWorkers.Worker.Privacy.Redaction;

public static class RedactionExtensions
{
    /// <summary>One shared <see cref="Redactor"/>; a custom pattern that does not compile stops the worker at start-up.</summary>
    public static WebApplicationBuilder AddRedaction(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PrivacyOptions>().BindConfiguration(PrivacyOptions.Section);
        builder.Services.AddSingleton(sp => new Redactor(new RedactorOptions
        {
            CustomPatterns = [.. sp.GetRequiredService<IOptions<PrivacyOptions>>().Value.CustomPatterns.Select(p => new CustomPattern(p.Key, p.Value))],
        }));
        return builder;
    }
}
