namespace BatchWorkers.Privacy.Detection;

/// <summary>The ISO 7064 mod 97-10 check of IBANs (ISO 13616).</summary>
internal static class Mod97
{
    /// <summary>
    /// True when <paramref name="iban"/> (upper-case letters and digits, no spaces) passes: the first four characters
    /// moved to the end, letters read as 10–35, the number modulo 97 is 1.
    /// </summary>
    public static bool IsValidIban(ReadOnlySpan<char> iban)
    {
        if (iban.Length < 5)
        {
            return false;
        }

        int remainder = 0;
        for (int i = 0; i < iban.Length; i++)
        {
            char c = iban[(i + 4) % iban.Length];
            if (c is >= '0' and <= '9')
            {
                remainder = (remainder * 10 + (c - '0')) % 97;
            }
            else if (c is >= 'A' and <= 'Z')
            {
                // Two digits at once: the letter's value is 10–35.
                remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
            }
            else
            {
                return false;
            }
        }

        return remainder == 1;
    }
}
