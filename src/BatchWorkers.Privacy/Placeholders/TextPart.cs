namespace BatchWorkers.Privacy;

/// <summary>What a <see cref="TextPart"/> holds.</summary>
public enum TextPartKind
{
    /// <summary>Text for the model to translate.</summary>
    Text,

    /// <summary>A placeholder such as <c>[EMAIL]</c>, kept exactly.</summary>
    Placeholder,

    /// <summary>Text without letters (punctuation, digits, spaces between placeholders), kept as it is.</summary>
    Verbatim,
}

/// <summary>One piece of a text split around its placeholders.</summary>
/// <param name="Kind">What the piece is.</param>
/// <param name="Value">For <see cref="TextPartKind.Text"/>, the text without its surrounding whitespace; otherwise the piece itself.</param>
/// <param name="Leading">Whitespace before <see cref="Value"/> in the source, put back around the translation.</param>
/// <param name="Trailing">Whitespace after <see cref="Value"/> in the source.</param>
public sealed record TextPart(TextPartKind Kind, string Value, string Leading = "", string Trailing = "");
