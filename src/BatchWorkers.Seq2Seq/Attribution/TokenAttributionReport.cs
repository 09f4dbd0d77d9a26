using System.Text.Json.Serialization;

namespace BatchWorkers.Seq2Seq.Attribution;

/// <summary>What was masked at a time: one token, one sentence, or a run of neighbouring tokens.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AttributionGranularity>))]
public enum AttributionGranularity
{
    /// <summary>Each source token alone.</summary>
    Token,

    /// <summary>Each sentence of the text (the source had more tokens than the budget allows).</summary>
    Sentence,

    /// <summary>Runs of k neighbouring tokens (more sentences than the budget allows, or no text to split).</summary>
    Span,
}

/// <summary>One encoder token of the explained source.</summary>
/// <param name="Id">The token id.</param>
/// <param name="Text">What the token stands for, word-initial space kept (see <c>ISeq2SeqTokenizer.TokenText</c>).</param>
/// <param name="Unit">Index in <see cref="TokenAttributionReport.Units"/> of the unit holding it; −1 for a token never
/// masked (a task prefix, BOS, the final EOS).</param>
/// <param name="Score">Its unit's attribution (0 when never masked).</param>
/// <param name="NormalizedScore">Its unit's normalised attribution, in [−1, 1].</param>
public sealed record AttributedToken(int Id, string Text, int Unit, double Score, double NormalizedScore);

/// <summary>One masked unit: tokens [Start, Start + Length) of the source, replaced together.</summary>
/// <param name="Start">Index of its first token in <see cref="TokenAttributionReport.Tokens"/>.</param>
/// <param name="Length">Tokens in it.</param>
/// <param name="Text">Its tokens' texts joined.</param>
/// <param name="Score">log p(output | source) − log p(output | source with this unit masked): positive when the unit
/// supports the output, negative when the output is likelier without it.</param>
/// <param name="NormalizedScore"><see cref="Score"/> divided by the largest absolute score of the report (0 when all
/// are 0), so the strongest unit is ±1 and signs are kept.</param>
/// <param name="MaskedLogProbability">log p(output | source with this unit masked).</param>
public sealed record AttributionUnit(int Start, int Length, string Text, double Score, double NormalizedScore, double MaskedLogProbability);

/// <summary>
/// Attribution of one generated output to its source: how much less likely the model finds the output when each
/// unit of the source is masked. The numbers are natural-log probabilities of the whole output, teacher-forced.
/// </summary>
/// <param name="Granularity">What a unit is.</param>
/// <param name="Tokens">Every encoder token of the source, in order.</param>
/// <param name="Units">The masked units, in source order.</param>
/// <param name="OutputTokenIds">The explained output (after the decoder start token).</param>
/// <param name="OutputText">The output decoded.</param>
/// <param name="BaseLogProbability">log p(output | source), unmasked.</param>
/// <param name="Evaluations">Teacher-forced scorings run: the unmasked one plus one per unit.</param>
/// <param name="MaxEvaluations">The budget they had to fit.</param>
/// <param name="MaskTokenId">The id masked units were replaced with.</param>
/// <param name="DroppedSourceTokens">Tokens cut off a text longer than the model's input limit (not explained).</param>
public sealed record TokenAttributionReport(
    AttributionGranularity Granularity,
    IReadOnlyList<AttributedToken> Tokens,
    IReadOnlyList<AttributionUnit> Units,
    IReadOnlyList<int> OutputTokenIds,
    string OutputText,
    double BaseLogProbability,
    int Evaluations,
    int MaxEvaluations,
    int MaskTokenId,
    int DroppedSourceTokens);
