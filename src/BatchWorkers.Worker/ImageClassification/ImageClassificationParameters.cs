using System.Text.Json;
using BatchWorkers.Worker.Jobs;

namespace BatchWorkers.Worker.ImageClassification;

/// <summary>The per-job settings of an image-classification job, stored as the job's parameters.</summary>
public sealed record ImageClassificationParameters(int TopK)
{
    public const int MaxTopK = 100;

    public string ToJson() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);

    public static ImageClassificationParameters FromJson(string json) =>
        JsonSerializer.Deserialize<ImageClassificationParameters>(json, JsonSerializerOptions.Web) ?? new(5);

    public static ImageClassificationParameters Create(int? topK)
    {
        var value = topK ?? 5;
        return value is < 1 or > MaxTopK
            ? throw new JobRejectedException(JobRejectionCodes.InvalidParameters, $"topK must be between 1 and {MaxTopK}; it was {value}.")
            : new ImageClassificationParameters(value);
    }
}
