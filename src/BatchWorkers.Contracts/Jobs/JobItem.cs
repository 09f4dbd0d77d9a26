namespace BatchWorkers.Contracts;

/// <summary>
/// One input of a job: inline bytes (an image), inline text, or a reference
/// (<c>http(s)://</c> URL, or <c>file://</c> path under the worker's allowed root).
/// Exactly one of <see cref="Data"/>, <see cref="Text"/> and <see cref="Uri"/> is set.
/// </summary>
public sealed record JobItem
{
    /// <summary>Inline content, for example an encoded image.</summary>
    public byte[]? Data { get; init; }

    /// <summary>Inline text.</summary>
    public string? Text { get; init; }

    /// <summary>A reference the worker fetches: <c>http://</c>, <c>https://</c> or <c>file://</c>.</summary>
    public string? Uri { get; init; }

    /// <summary>An optional caller-side name (a file name, a row id) echoed back with the result.</summary>
    public string? Name { get; init; }

    public static JobItem FromBytes(byte[] data, string? name = null) => new() { Data = data, Name = name };

    public static JobItem FromText(string text, string? name = null) => new() { Text = text, Name = name };

    public static JobItem FromUri(string uri, string? name = null) => new() { Uri = uri, Name = name };
}
