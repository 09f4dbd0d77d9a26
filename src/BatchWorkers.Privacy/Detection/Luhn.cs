namespace BatchWorkers.Privacy.Detection;

/// <summary>The Luhn (mod 10) check digit test that every payment card number passes.</summary>
internal static class Luhn
{
    /// <summary>True when <paramref name="digits"/> (ASCII digits only) has a valid Luhn check digit.</summary>
    public static bool IsValid(ReadOnlySpan<char> digits)
    {
        if (digits.IsEmpty)
        {
            return false;
        }

        int sum = 0;
        bool doubled = false;
        for (int i = digits.Length - 1; i >= 0; i--)
        {
            int d = digits[i] - '0';
            if ((uint)d > 9)
            {
                return false;
            }

            if (doubled)
            {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }

            sum += d;
            doubled = !doubled;
        }

        return sum % 10 == 0;
    }
}
