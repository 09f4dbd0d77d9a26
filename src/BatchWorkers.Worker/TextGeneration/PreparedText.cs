using BatchWorkers.Contracts;
using BatchWorkers.Privacy;
using BatchWorkers.Worker.Jobs;

namespace BatchWorkers.Worker.TextGeneration;

/// <summary>
/// An item's text as it goes to the model: one piece, or (translation of masked text) the pieces between
/// placeholders, so that no placeholder passes through the model. Also what redaction found in the input.
/// </summary>
public sealed record PreparedText(PendingItem Item, IReadOnlyList<string> Pieces, IReadOnlyList<TextPart>? Parts, RedactionResult? InputRedaction)
{
    /// <summary>Reads the redaction mode's rules: masked input for the model under <see cref="RedactionMode.All"/>.</summary>
    /// <exception cref="RedactionException">A custom pattern took too long on this text.</exception>
    public static PreparedText Create(PendingItem item, string text, RedactionMode mode, Redactor redactor, bool protectPlaceholders)
    {
        var input = mode.MasksStored() ? redactor.Redact(text) : null;
        var modelText = mode.MasksModelInput() ? input!.Text : text;
        if (!protectPlaceholders || !mode.MasksModelInput())
        {
            return new PreparedText(item, [modelText], null, input);
        }

        var parts = redactor.CreateGuard().Split(modelText);
        return new PreparedText(item, PlaceholderGuard.TextsToTranslate(parts), parts, input);
    }

    /// <summary>The output text from the pieces' outputs (placeholders put back in place).</summary>
    public string Assemble(IReadOnlyList<string> outputs) => Parts is null ? outputs.Single() : PlaceholderGuard.Join(Parts, outputs);
}
