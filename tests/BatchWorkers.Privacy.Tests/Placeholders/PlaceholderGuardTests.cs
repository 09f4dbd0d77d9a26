using System.Text.RegularExpressions;

namespace BatchWorkers.Privacy.Tests.Placeholders;

public sealed partial class PlaceholderGuardTests
{
    private readonly PlaceholderGuard _guard = new Redactor().CreateGuard();

    [Fact]
    public void Split_TextWithPlaceholders_SeparatesTextPlaceholdersAndPunctuation()
    {
        IReadOnlyList<TextPart> parts = _guard.Split("Write to [EMAIL], [PHONE] or see you.");

        Assert.Equal(
            [
                new TextPart(TextPartKind.Text, "Write to", "", " "),
                new TextPart(TextPartKind.Placeholder, "[EMAIL]"),
                new TextPart(TextPartKind.Verbatim, ", "),
                new TextPart(TextPartKind.Placeholder, "[PHONE]"),
                new TextPart(TextPartKind.Text, "or see you.", " ", ""),
            ],
            parts);
        Assert.Equal(["Write to", "or see you."], PlaceholderGuard.TextsToTranslate(parts));
    }

    [Fact]
    public void Translate_ModelManglesTextAndBrackets_PlaceholdersComeBackExactlyInOrder()
    {
        // A "model" that upper-cases, swaps brackets and invents placeholder-like tokens of its own.
        static IReadOnlyList<string> Mangle(IReadOnlyList<string> texts) =>
            [.. texts.Select(t => "(" + t.ToUpperInvariant().Replace('[', '<').Replace(']', '>') + ") [ e mail ]")];
        const string source = "Dear [EMAIL], your card [CARD] and IBAN [IBAN] were used from [IP]; call [PHONE].";

        string translated = _guard.Translate(source, Mangle);

        string[] expected = ["[EMAIL]", "[CARD]", "[IBAN]", "[IP]", "[PHONE]"];
        Assert.Equal(expected, Placeholders().Matches(translated).Select(m => m.Value));
        Assert.StartsWith("(DEAR) [ e mail ] [EMAIL]", translated, StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_Identity_ReturnsTheSourceExactly()
    {
        const string source = "  Hi [EMAIL],\n\n[PHONE] called  twice. [IP]";

        Assert.Equal(source, _guard.Translate(source, texts => texts));
    }

    [Fact]
    public void Translate_RedactedThenTranslated_KeepsCustomPlaceholders()
    {
        var redactor = new Redactor(new RedactorOptions { CustomPatterns = [new CustomPattern("EMPLOYEE_ID", @"\bEMP-\d{6}\b")] });
        string redacted = redactor.Redact("Employee EMP-123456 (jane@example.com) is on leave.").Text;

        string translated = redactor.CreateGuard().Translate(redacted, texts => [.. texts.Select(t => t.Replace("Employee", "Mitarbeiter", StringComparison.Ordinal))]);

        Assert.Equal("Mitarbeiter [EMPLOYEE_ID] ([EMAIL]) is on leave.", translated);
    }

    [Fact]
    public void Split_UnknownBracketedWord_IsTextToTranslate()
    {
        IReadOnlyList<TextPart> parts = _guard.Split("[NOTE] see [EMAIL]");

        Assert.Equal(new TextPart(TextPartKind.Text, "[NOTE] see", "", " "), parts[0]);
    }

    [Fact]
    public void Split_OnlyPlaceholders_NothingToTranslate()
    {
        IReadOnlyList<TextPart> parts = _guard.Split("[EMAIL] [PHONE]");

        Assert.Empty(PlaceholderGuard.TextsToTranslate(parts));
        Assert.Equal("[EMAIL] [PHONE]", _guard.Translate("[EMAIL] [PHONE]", _ => throw new InvalidOperationException("nothing to translate")));
    }

    [Fact]
    public void Join_WrongNumberOfTranslations_Throws()
    {
        IReadOnlyList<TextPart> parts = _guard.Split("a [EMAIL] b");

        Assert.Throws<ArgumentException>(() => PlaceholderGuard.Join(parts, ["only one"]));
    }

    [GeneratedRegex(@"\[(EMAIL|PHONE|CARD|IBAN|IP)\]")]
    private static partial Regex Placeholders();
}
