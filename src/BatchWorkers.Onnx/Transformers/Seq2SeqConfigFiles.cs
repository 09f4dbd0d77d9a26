using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchWorkers.Onnx.Transformers;

/// <summary>The special token ids a seq2seq model folder's config files name.</summary>
/// <param name="Pad"><c>pad_token_id</c>, also banned from generation (<c>bad_words_ids</c>) as Marian does.</param>
/// <param name="Eos"><c>eos_token_id</c> and <c>forced_eos_token_id</c>.</param>
/// <param name="DecoderStart"><c>decoder_start_token_id</c>.</param>
public sealed record Seq2SeqSpecialTokens(int Pad, int Eos, int DecoderStart)
{
    /// <summary>Marian's ids: EOS 0, pad (and decoder start) the last id of the vocabulary.</summary>
    public static Seq2SeqSpecialTokens Marian(int vocabSize) => new(vocabSize - 1, 0, vocabSize - 1);
}

/// <summary>
/// Writes the <c>config.json</c> and <c>generation_config.json</c> that complete an exported folder, so the
/// engine reads the model family and its generation defaults as from a Hugging Face download.
/// </summary>
public static class Seq2SeqConfigFiles
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <param name="directory">The model folder.</param>
    /// <param name="shape">The model's sizes.</param>
    /// <param name="tokens">The special ids; they must lie inside the vocabulary.</param>
    /// <param name="modelType"><c>model_type</c>, which picks the tokenizer family: marian, bart or t5. Default marian.</param>
    /// <param name="maxLength">Generation's <c>max_length</c>, start token included. Default 64.</param>
    public static void Write(
        string directory, Seq2SeqTransformerShape shape, Seq2SeqSpecialTokens tokens, string modelType = "marian", int maxLength = 64)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelType);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);
        foreach (int id in new[] { tokens.Pad, tokens.Eos, tokens.DecoderStart })
        {
            ArgumentOutOfRangeException.ThrowIfNegative(id, nameof(tokens));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(id, shape.VocabSize, nameof(tokens));
        }

        Directory.CreateDirectory(directory);
        Save(directory, "config.json", new JsonObject
        {
            ["batchworkers_note"] = "A tiny encoder-decoder written by BatchWorkers.Onnx (Seq2SeqExporter) for tests and first runs.",
            ["model_type"] = modelType,
            ["is_encoder_decoder"] = true,
            ["vocab_size"] = shape.VocabSize,
            ["d_model"] = shape.ModelDim,
            ["encoder_layers"] = shape.EncoderLayers,
            ["decoder_layers"] = shape.DecoderLayers,
            ["encoder_attention_heads"] = shape.Heads,
            ["decoder_attention_heads"] = shape.Heads,
            ["encoder_ffn_dim"] = shape.FeedForwardDim,
            ["decoder_ffn_dim"] = shape.FeedForwardDim,
            ["max_position_embeddings"] = shape.MaxPositions,
            ["pad_token_id"] = tokens.Pad,
            ["eos_token_id"] = tokens.Eos,
            ["decoder_start_token_id"] = tokens.DecoderStart,
        });
        Save(directory, "generation_config.json", new JsonObject
        {
            ["decoder_start_token_id"] = tokens.DecoderStart,
            ["eos_token_id"] = tokens.Eos,
            ["forced_eos_token_id"] = tokens.Eos,
            ["pad_token_id"] = tokens.Pad,
            ["bad_words_ids"] = new JsonArray(new JsonArray(tokens.Pad)),
            ["max_length"] = maxLength,
            ["num_beams"] = 1,
        });
    }

    private static void Save(string directory, string fileName, JsonObject json) =>
        File.WriteAllText(Path.Combine(directory, fileName), json.ToJsonString(Indented) + "\n");
}
