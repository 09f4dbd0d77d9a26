namespace BatchWorkers.Privacy;

/// <summary>
/// The text could not be redacted (a custom pattern ran past its time limit). Nothing redacted is returned, so a
/// caller must not fall back to the original text.
/// </summary>
public sealed class RedactionException : Exception
{
    public RedactionException()
    {
    }

    public RedactionException(string message)
        : base(message)
    {
    }

    public RedactionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
