namespace BatchWorkers.Contracts;

/// <summary>The <see cref="ItemResult.Output"/> of a translation or summarization item.</summary>
/// <param name="Text">The translation or summary.</param>
/// <param name="InputTokens">Tokens of the input as the model saw it, over all segments.</param>
/// <param name="OutputTokens">Tokens generated, over all segments (end-of-sequence included).</param>
/// <param name="Segments">How many pieces the input was run in: sentences for translation, input windows for
/// summarization (plus one for the summary of summaries).</param>
/// <param name="Truncated">Whether some input was cut to fit the model; <paramref name="TruncationNote"/> says what.</param>
/// <param name="TruncationNote">What was cut, when <paramref name="Truncated"/>.</param>
/// <param name="FinishReason">"eos" when every segment ended with end-of-sequence, else "max_length".</param>
/// <param name="Settings">The generation settings actually used (model defaults with the job's overrides).</param>
/// <param name="Timings">Where the item's time went.</param>
/// <param name="Redacted">Under redaction: how many of each kind of personal data were masked in the input and in the
/// output (counts by placeholder name, never the values); null when the job did not redact.</param>
public sealed record TextGenerationOutput(
    string Text,
    int InputTokens,
    int OutputTokens,
    int Segments,
    bool Truncated,
    string? TruncationNote,
    string FinishReason,
    GenerationSettingsUsed Settings,
    TextGenerationTimings Timings,
    RedactionCounts? Redacted = null);

/// <summary>Masked personal data by placeholder name (<c>EMAIL</c>, <c>PHONE</c>, <c>CARD</c>, <c>IBAN</c>, <c>IP</c>, custom names).</summary>
public sealed record RedactionCounts(IReadOnlyDictionary<string, int> Input, IReadOnlyDictionary<string, int> Output);

/// <summary>The effective generation settings of an item.</summary>
public sealed record GenerationSettingsUsed(
    int NumBeams,
    int MaxLength,
    int? MaxNewTokens,
    int MinLength,
    double LengthPenalty,
    EarlyStoppingMode EarlyStopping,
    int NoRepeatNgramSize,
    bool KeyValueCache);

/// <summary>Milliseconds spent on the item: tokenizing, in the model (its share of the batches it ran in), and in total.</summary>
public sealed record TextGenerationTimings(double TokenizeMs, double GenerateMs, double TotalMs);
