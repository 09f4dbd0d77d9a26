using System.Text.Json;
using System.Text.Json.Serialization;

namespace BatchWorkers.Contracts;

/// <summary>The JSON conventions of the HTTP API: camelCase names, enums as kebab-case strings.</summary>
public static class BatchWorkersJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Applies the API's conventions to existing options (for example ASP.NET Core's).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        return options;
    }
}
