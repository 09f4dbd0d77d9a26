using System.Globalization;
using System.Text.RegularExpressions;

namespace BatchWorkers.Seq2Seq.Onnx;

/// <summary>The tensor names of Hugging Face Optimum's seq2seq exports.</summary>
internal static partial class Seq2SeqTensorNames
{
    public const string InputIds = "input_ids";
    public const string AttentionMask = "attention_mask";
    public const string LastHiddenState = "last_hidden_state";
    public const string EncoderAttentionMask = "encoder_attention_mask";
    public const string EncoderHiddenStates = "encoder_hidden_states";
    public const string UseCacheBranch = "use_cache_branch";
    public const string Logits = "logits";

    /// <summary><c>past_key_values.{layer}.{decoder|encoder}.{key|value}</c>.</summary>
    public static string Past(KeyValueSlot slot) => $"past_key_values.{slot}";

    /// <summary><c>present.{layer}.{decoder|encoder}.{key|value}</c>.</summary>
    public static string Present(KeyValueSlot slot) => $"present.{slot}";

    /// <summary>Reads a past or present name; false for any other tensor.</summary>
    public static bool TryParseKeyValue(string name, out bool isPast, out KeyValueSlot slot)
    {
        Match match = KeyValuePattern().Match(name);
        isPast = match.Success && match.Groups["io"].Value == "past_key_values";
        slot = match.Success
            ? new KeyValueSlot(
                int.Parse(match.Groups["layer"].Value, CultureInfo.InvariantCulture),
                match.Groups["part"].Value == "encoder",
                match.Groups["kind"].Value == "value")
            : default;
        return match.Success;
    }

    [GeneratedRegex(@"^(?<io>past_key_values|present)\.(?<layer>\d+)\.(?<part>decoder|encoder)\.(?<kind>key|value)$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyValuePattern();
}

/// <summary>One cached tensor of one decoder layer: self-attention (decoder) or cross-attention (encoder), key or value.</summary>
internal readonly record struct KeyValueSlot(int Layer, bool Encoder, bool Value)
{
    /// <summary>The slots of <paramref name="layers"/> layers for one part, in Optimum's order (key, value per layer).</summary>
    public static KeyValueSlot[] ForPart(int layers, bool encoder) =>
        [.. Enumerable.Range(0, layers).SelectMany(layer => new[] { new KeyValueSlot(layer, encoder, false), new KeyValueSlot(layer, encoder, true) })];

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Layer}.{(Encoder ? "encoder" : "decoder")}.{(Value ? "value" : "key")}");
}
