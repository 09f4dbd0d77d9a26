using System.Text.Json;
using BatchWorkers.Contracts;
using BatchWorkers.Seq2Seq.Generation;

namespace BatchWorkers.Worker.TextGeneration;

/// <summary>The per-job settings of a translation or summarization job, stored as the job's parameters.</summary>
public sealed record TextGenerationParameters(GenerationSettings? Generation, RedactionMode? Redact = null)
{
    public string ToJson() => JsonSerializer.Serialize(this, BatchWorkersJson.Options);

    public static TextGenerationParameters FromJson(string json) =>
        JsonSerializer.Deserialize<TextGenerationParameters>(json, BatchWorkersJson.Options) ?? new TextGenerationParameters((GenerationSettings?)null);

    /// <summary>The engine's overrides for these settings.</summary>
    public GenerationOverrides ToOverrides() => new()
    {
        NumBeams = Generation?.NumBeams,
        MaxNewTokens = Generation?.MaxNewTokens,
        MaxLength = Generation?.MaxLength,
        MinLength = Generation?.MinLength,
        LengthPenalty = Generation?.LengthPenalty,
        EarlyStopping = Generation?.EarlyStopping switch
        {
            EarlyStoppingMode.WhenFull => EarlyStopping.WhenFull,
            EarlyStoppingMode.Never => EarlyStopping.Never,
            EarlyStoppingMode.Heuristic => EarlyStopping.Heuristic,
            _ => null,
        },
        NoRepeatNgramSize = Generation?.NoRepeatNgramSize,
    };

    /// <summary>What an item records as the settings it ran with.</summary>
    public static GenerationSettingsUsed Describe(GenerationConfig config, bool keyValueCache) => new(
        config.NumBeams,
        config.EffectiveMaxLength,
        config.MaxNewTokens,
        config.MinLength,
        config.LengthPenalty,
        config.EarlyStopping switch
        {
            EarlyStopping.WhenFull => EarlyStoppingMode.WhenFull,
            EarlyStopping.Never => EarlyStoppingMode.Never,
            _ => EarlyStoppingMode.Heuristic,
        },
        config.NoRepeatNgramSize,
        keyValueCache);
}
