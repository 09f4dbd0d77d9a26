namespace BatchWorkers.Privacy.Detection;

/// <summary>
/// Issuer prefixes (IIN ranges) and lengths of the major card networks. One random number in ten passes Luhn, so
/// the prefix and length are what keep order and tracking numbers from being taken for cards.
/// </summary>
internal static class CardIssuers
{
    // (first digits from, to, how many digits they span, shortest and longest card number)
    private static readonly (int From, int To, int Digits, int MinLength, int MaxLength)[] Ranges =
    [
        (4, 4, 1, 13, 13),              // Visa: 13, 16 or 19 digits, never 15 (IMEIs are 15 and Luhn-checked too)
        (4, 4, 1, 16, 16),
        (4, 4, 1, 19, 19),
        (51, 55, 2, 16, 16),            // Mastercard
        (2221, 2720, 4, 16, 16),        // Mastercard 2-series
        (2200, 2204, 4, 16, 19),        // Mir
        (34, 34, 2, 15, 15),            // American Express
        (37, 37, 2, 15, 15),
        (300, 305, 3, 14, 19),          // Diners Club
        (36, 36, 2, 14, 19),
        (38, 39, 2, 14, 19),
        (3528, 3589, 4, 16, 19),        // JCB
        (6011, 6011, 4, 16, 19),        // Discover
        (644, 649, 3, 16, 19),
        (65, 65, 2, 16, 19),
        (62, 62, 2, 16, 19),            // UnionPay
        (50, 50, 2, 13, 19),            // Maestro
        (56, 69, 2, 13, 19),
    ];

    /// <summary>True when <paramref name="digits"/> starts with a known issuer prefix and has that network's length.</summary>
    public static bool IsKnown(ReadOnlySpan<char> digits)
    {
        foreach (var (from, to, width, min, max) in Ranges)
        {
            if (digits.Length >= min && digits.Length <= max && Prefix(digits, width) is var prefix && prefix >= from && prefix <= to)
            {
                return true;
            }
        }

        return false;
    }

    private static int Prefix(ReadOnlySpan<char> digits, int width)
    {
        int value = 0;
        for (int i = 0; i < width; i++)
        {
            value = value * 10 + (digits[i] - '0');
        }

        return value;
    }
}
