using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchWorkers.Seq2Seq.Generation;

/// <summary>Reads a model folder's generation defaults from <c>config.json</c> and <c>generation_config.json</c>.</summary>
public static class GenerationConfigLoader
{
    private const string TaskParamsKey = "task_specific_params";

    /// <summary>
    /// Layers, later winning: <c>config.json</c>, <c>generation_config.json</c>, then
    /// <c>config.json</c>'s <c>task_specific_params[task]</c> when <paramref name="task"/> is given (as
    /// transformers' pipelines do for T5's "summarization"). A JSON null counts as absent.
    /// </summary>
    /// <param name="modelDirectory">The model folder.</param>
    /// <param name="task">A key of <c>task_specific_params</c>, for example "summarization"; optional.</param>
    /// <exception cref="FileNotFoundException">Neither JSON file exists.</exception>
    /// <exception cref="InvalidDataException">A value has the wrong type, or no decoder start token is given.</exception>
    public static GenerationConfig Load(string modelDirectory, string? task = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelDirectory);
        JsonObject? config = ModelConfigFile.ReadObject(modelDirectory, ModelConfigFile.ConfigFileName);
        JsonObject? generation = ModelConfigFile.ReadObject(modelDirectory, ModelConfigFile.GenerationConfigFileName);
        if (config is null && generation is null)
        {
            throw new FileNotFoundException(
                $"'{modelDirectory}' has neither {ModelConfigFile.ConfigFileName} nor {ModelConfigFile.GenerationConfigFileName}.",
                Path.Combine(modelDirectory, ModelConfigFile.ConfigFileName));
        }

        var layers = new JsonLayers(modelDirectory, [config, generation, TaskParams(config, task)]);
        return Build(layers);
    }

    /// <summary>
    /// The text <c>task_specific_params[task].prefix</c> asks to put before each input (T5's "summarize: "),
    /// or null. transformers' pipelines add it; <c>generate()</c> does not.
    /// </summary>
    public static string? ReadTaskPrefix(string modelDirectory, string task)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelDirectory);
        ArgumentException.ThrowIfNullOrEmpty(task);
        JsonObject? config = ModelConfigFile.ReadObject(modelDirectory, ModelConfigFile.ConfigFileName);
        return TaskParams(config, task)?["prefix"] is JsonValue prefix && prefix.TryGetValue(out string? text) ? text : null;
    }

    private static JsonObject? TaskParams(JsonObject? config, string? task) =>
        task is not null && config?[TaskParamsKey] is JsonObject tasks ? tasks[task] as JsonObject : null;

    private static GenerationConfig Build(JsonLayers layers)
    {
        int? bos = layers.Int("bos_token_id");
        int decoderStart = layers.Int("decoder_start_token_id") ?? bos
            ?? throw layers.Invalid("gives neither decoder_start_token_id nor bos_token_id");
        var defaults = new GenerationConfig { DecoderStartTokenId = decoderStart };
        return defaults with
        {
            BosTokenId = bos,
            EosTokenIds = layers.IntOrInts("eos_token_id") ?? defaults.EosTokenIds,
            PadTokenId = layers.Int("pad_token_id"),
            ForcedBosTokenId = layers.Int("forced_bos_token_id"),
            ForcedEosTokenIds = layers.IntOrInts("forced_eos_token_id") ?? defaults.ForcedEosTokenIds,
            BadWordsIds = layers.IntLists("bad_words_ids") ?? defaults.BadWordsIds,
            NumBeams = layers.Int("num_beams") ?? defaults.NumBeams,
            LengthPenalty = layers.Double("length_penalty") ?? defaults.LengthPenalty,
            EarlyStopping = layers.EarlyStopping("early_stopping") ?? defaults.EarlyStopping,
            NoRepeatNgramSize = layers.Int("no_repeat_ngram_size") ?? defaults.NoRepeatNgramSize,
            MinLength = layers.Int("min_length") ?? defaults.MinLength,
            MaxLength = layers.Int("max_length") ?? defaults.MaxLength,
            MaxNewTokens = layers.Int("max_new_tokens"),
        };
    }

    /// <summary>JSON objects looked up last-to-first, so later layers win.</summary>
    private sealed class JsonLayers(string modelDirectory, JsonObject?[] layers)
    {
        public int? Int(string key) => Read(key, node => node.GetValue<int>());

        public double? Double(string key) => Read<double?>(key, node => node.GetValue<double>());

        public IReadOnlyList<int>? IntOrInts(string key) => Read<IReadOnlyList<int>?>(key, node =>
            node is JsonArray array ? [.. array.Select(Element)] : [node.GetValue<int>()]);

        public IReadOnlyList<IReadOnlyList<int>>? IntLists(string key) => Read<IReadOnlyList<IReadOnlyList<int>>?>(key, node =>
            [.. node.AsArray().Select(inner => (IReadOnlyList<int>)[.. (inner ?? throw new FormatException()).AsArray().Select(Element)])]);

        public EarlyStopping? EarlyStopping(string key) => Read<EarlyStopping?>(key, node =>
            node.GetValueKind() switch
            {
                JsonValueKind.True => Generation.EarlyStopping.WhenFull,
                JsonValueKind.False => Generation.EarlyStopping.Heuristic,
                JsonValueKind.String when node.GetValue<string>() == "never" => Generation.EarlyStopping.Never,
                _ => throw new FormatException(),
            });

        public InvalidDataException Invalid(string what) => new(
            $"The generation settings in '{modelDirectory}' ({ModelConfigFile.ConfigFileName}, "
            + $"{ModelConfigFile.GenerationConfigFileName}) {what}.");

        private static int Element(JsonNode? node) => (node ?? throw new FormatException()).GetValue<int>();

        private T? Read<T>(string key, Func<JsonNode, T> convert)
        {
            for (int i = layers.Length - 1; i >= 0; i--)
            {
                if (layers[i]?[key] is not JsonNode node)
                {
                    continue;
                }

                try
                {
                    return convert(node);
                }
                catch (Exception e) when (e is FormatException or InvalidOperationException)
                {
                    throw Invalid($"have '{key}': {node.ToJsonString()}, which is not the expected type");
                }
            }

            return default;
        }

        private int? Read(string key, Func<JsonNode, int> convert) => Read<int?>(key, node => convert(node));
    }
}
