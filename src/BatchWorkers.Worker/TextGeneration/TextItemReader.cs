using System.Text;
using BatchWorkers.Contracts;
using BatchWorkers.Worker.Jobs;
using BatchWorkers.Worker.Jobs.Inputs;
using Microsoft.Extensions.Options;

namespace BatchWorkers.Worker.TextGeneration;

/// <summary>The text of an item, or the reason there is none.</summary>
public readonly record struct ItemText(string? Text, string? ErrorCode, string? Error)
{
    public static ItemText Fail(string code, string error) => new(null, code, error);
}

/// <summary>
/// Reads an item as text: inline text as it is, bytes and references as strict UTF-8 (a byte-order mark is
/// dropped). Invalid UTF-8, empty or whitespace-only text, and text longer than <see cref="InputOptions.MaxTextChars"/>
/// fail the item with a specific code.
/// </summary>
public sealed class TextItemReader(ItemContentReader reader, IOptions<InputOptions> options)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public async Task<ItemText> ReadAsync(PendingItem item, CancellationToken cancellationToken)
    {
        string text;
        if (item.TextContent is { } inline)
        {
            text = inline;
        }
        else
        {
            var content = await reader.ReadAsync(item, cancellationToken);
            if (content.Bytes is not { } bytes)
            {
                return ItemText.Fail(content.ErrorCode!, content.Error!);
            }

            try
            {
                text = StrictUtf8.GetString(bytes).TrimStart('\uFEFF');
            }
            catch (DecoderFallbackException ex)
            {
                return ItemText.Fail(ItemErrorCodes.TextInvalidUtf8,
                    $"The item is not valid UTF-8 (bad bytes at offset {ex.Index}). Send text as UTF-8, or convert it first (for example with iconv).");
            }
        }

        // Inline text was measured at intake; bytes, files and URLs can only be measured once decoded.
        if (text.Length > options.Value.MaxTextChars)
        {
            return ItemText.Fail(ItemErrorCodes.InputTooLarge,
                $"The item's text has {text.Length:N0} characters; the limit is {options.Value.MaxTextChars:N0} (Inputs:MaxTextChars). Split it into several items.");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return ItemText.Fail(ItemErrorCodes.EmptyInput, "The item's text is empty or whitespace only; there is nothing to process.");
        }

        return text.Contains('\0', StringComparison.Ordinal)
            ? ItemText.Fail(ItemErrorCodes.TextInvalid, "The item's text contains NUL characters; it looks like binary data, not text.")
            : new ItemText(text, null, null);
    }
}
