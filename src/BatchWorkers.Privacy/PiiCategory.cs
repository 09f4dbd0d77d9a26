namespace BatchWorkers.Privacy;

/// <summary>The kinds of personal data the redactor finds.</summary>
public enum PiiCategory
{
    /// <summary>E-mail addresses; placeholder <c>[EMAIL]</c>.</summary>
    Email,

    /// <summary>Phone numbers in international and national formats; placeholder <c>[PHONE]</c>.</summary>
    Phone,

    /// <summary>Payment card numbers (issuer prefix, length and Luhn checked); placeholder <c>[CARD]</c>.</summary>
    Card,

    /// <summary>IBANs (country length and mod-97 checked); placeholder <c>[IBAN]</c>.</summary>
    Iban,

    /// <summary>IPv4 and IPv6 addresses; placeholder <c>[IP]</c>.</summary>
    IpAddress,

    /// <summary>A configured <see cref="CustomPattern"/>; its placeholder is the pattern's name.</summary>
    Custom,
}
