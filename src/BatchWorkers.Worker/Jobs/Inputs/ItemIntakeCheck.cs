using BatchWorkers.Contracts;

namespace BatchWorkers.Worker.Jobs.Inputs;

/// <summary>Checks an item's shape at intake; a bad item gets an error result, the rest of the job still runs.</summary>
public static class ItemIntakeCheck
{
    public static IntakeError? Check(JobItem item, InputOptions options)
    {
        var sources = (item.Data is null ? 0 : 1) + (item.Text is null ? 0 : 1) + (item.Uri is null ? 0 : 1);
        if (sources != 1)
        {
            return new IntakeError(ItemErrorCodes.InputInvalid, "Set exactly one of data, text or uri on each item.");
        }

        if (item.Data is { Length: 0 })
        {
            return new IntakeError(ItemErrorCodes.EmptyInput, "The item's data is empty (0 bytes).");
        }

        if (item.Data is { } data && data.Length > options.MaxInlineBytes)
        {
            return new IntakeError(ItemErrorCodes.InputTooLarge,
                $"The item's data is {data.Length:N0} bytes; inline items may be at most {options.MaxInlineBytes:N0}. Pass a URL instead.");
        }

        if (item.Text is { } text && text.Length > options.MaxTextChars)
        {
            return new IntakeError(ItemErrorCodes.InputTooLarge,
                $"The item's text has {text.Length:N0} characters; the limit is {options.MaxTextChars:N0}.");
        }

        // PostgreSQL text holds neither NUL nor unpaired surrogates (which are no Unicode): refuse them here, per item.
        if (item.Text is { } unstorable && !StorableText.IsValid(unstorable))
        {
            return new IntakeError(ItemErrorCodes.TextInvalidUtf8,
                "The item's text is not valid Unicode (it holds an unpaired surrogate or a NUL character). Send it as proper UTF-8 text.");
        }

        if (item.Name is { } name && !StorableText.IsValid(name))
        {
            return new IntakeError(ItemErrorCodes.InputInvalid, "The item's name is not valid Unicode (unpaired surrogate or NUL character).");
        }

        if (item.Uri is { } uri && !IsSupportedUri(uri))
        {
            return new IntakeError(ItemErrorCodes.InputInvalid,
                $"'{Truncate(uri)}' is not a supported reference: use an http://, https:// or file:// URI.");
        }

        return null;
    }

    // The scheme must be written out: on Unix a bare "/etc/passwd" would otherwise parse as a file URI.
    private static bool IsSupportedUri(string uri) =>
        (uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || uri.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        && Uri.TryCreate(uri, UriKind.Absolute, out _);

    private static string Truncate(string value) => value.Length <= 200 ? value : value[..200] + "…";
}
