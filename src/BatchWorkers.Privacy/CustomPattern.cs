namespace BatchWorkers.Privacy;

/// <summary>
/// A configured pattern for personal data the built-in detectors do not know, such as an employee number.
/// Each match is replaced by <c>[NAME]</c>, with the name upper-cased.
/// </summary>
/// <param name="Name">Letters, digits and underscores, starting with a letter; not a built-in name (EMAIL, PHONE, CARD, IBAN, IP).</param>
/// <param name="Pattern">A .NET regular expression, for example <c>\bEMP-\d{6}\b</c>.</param>
public sealed record CustomPattern(string Name, string Pattern);
