using System.Globalization;

namespace BatchWorkers.Privacy.Detection;

/// <summary>
/// Decides whether a chain of digit groups is a phone number. The rules, each against a look-alike:
/// <list type="bullet">
/// <item>International (<c>+</c> or <c>00</c>): 8–15 digits after the prefix, not starting with 0 (E.164).</item>
/// <item>National: 9–12 digits (at most 11 without a trunk prefix, as in <c>1-800-555-0199</c>), and either a trunk
/// <c>0</c> or an area code in parentheses, or at least three groups; an unbroken national number needs the trunk 0
/// and 10–11 digits. (Order numbers, ZIP+4 codes, year ranges and card-like numbers fall out here.)</item>
/// <item>A one-digit group only first (<c>1-800-…</c>), as <c>(0)</c>, or inside an international number
/// (<c>+33 1 23 45 67 89</c>); never last. (ISBNs and version numbers.)</item>
/// <item>Dots only with dots throughout, groups of two or more digits and not four groups of 1–3 digits. (Versions
/// and IPv4 addresses.)</item>
/// <item>Not a date at the start (<c>2024-05-17</c>, <c>17.05.2024</c>), not a number grouped in thousands
/// (<c>1 234 567 890</c>), not led by a year (<c>2019-0412-7781</c>), not the 3-2-4 layout of a US SSN.</item>
/// </list>
/// </summary>
internal static class PhoneShape
{
    private readonly record struct Group(string Digits, bool InParentheses, char Separator);

    public static bool IsPhone(string chain)
    {
        var (groups, plus) = Parse(chain);
        bool international = plus || !groups[0].InParentheses && groups[0].Digits.StartsWith("00", StringComparison.Ordinal);
        string digits = string.Concat(groups.Where((g, k) => !(k > 0 && g.InParentheses && g.Digits == "0")).Select(g => g.Digits));
        if (international)
        {
            digits = plus ? digits : digits[2..];
            return digits.Length is >= 8 and <= 15 && digits[0] != '0' && SeparatorsFit(groups) && OneDigitGroupsFit(groups, true);
        }

        bool trunk = groups[0].Digits[0] == '0' || groups[0].InParentheses;
        return digits.Length is >= 9 and <= 12 && (trunk || digits.Length <= 11)
            && (groups.Count >= 3 || trunk && (groups.Count == 2 || digits.Length is 10 or 11))
            && SeparatorsFit(groups)
            && OneDigitGroupsFit(groups, false)
            && !StartsWithDate(groups)
            && !IsGroupedInThousands(groups)
            && !StartsWithYear(groups)
            && !IsSocialSecurityLayout(groups);
    }

    private static (List<Group> Groups, bool Plus) Parse(string chain)
    {
        var groups = new List<Group>();
        bool plus = chain[0] == '+';
        char separator = '\0';
        int i = plus ? 1 : 0;
        while (i < chain.Length)
        {
            char c = chain[i];
            if (c == '(')
            {
                int close = chain.IndexOf(')', i);
                string inner = chain[(i + 1)..close];
                plus |= inner.StartsWith('+');
                groups.Add(new Group(inner.TrimStart('+'), true, separator));
                separator = '\0';
                i = close + 1;
            }
            else if (char.IsAsciiDigit(c))
            {
                int j = i;
                while (j < chain.Length && char.IsAsciiDigit(chain[j]))
                {
                    j++;
                }

                groups.Add(new Group(chain[i..j], false, separator));
                separator = '\0';
                i = j;
            }
            else
            {
                separator = c;
                i++;
            }
        }

        return (groups, plus);
    }

    private static bool SeparatorsFit(List<Group> groups)
    {
        var separators = groups.Skip(1).Select(g => g.Separator).Where(s => s != '\0').ToList();
        if (separators.Count(s => s == '/') > 1)
        {
            return false;
        }

        if (!separators.Contains('.'))
        {
            return true;
        }

        bool ipv4Shape = groups.Count == 4 && groups.All(g => g.Digits.Length <= 3);
        return separators.All(s => s == '.') && groups.All(g => !g.InParentheses && g.Digits.Length >= 2) && !ipv4Shape;
    }

    private static bool OneDigitGroupsFit(List<Group> groups, bool international)
    {
        for (int k = 0; k < groups.Count; k++)
        {
            if (groups[k].Digits.Length != 1 || groups[k].InParentheses && groups[k].Digits == "0")
            {
                continue;
            }

            if (k == groups.Count - 1 && k > 0 || k > 0 && !international)
            {
                return false;
            }
        }

        return true;
    }

    // 2024-05-17, 2024/5/17, 17.05.2024, 05/17/24: three leading groups joined by one kind of separator.
    private static bool StartsWithDate(List<Group> groups)
    {
        if (groups.Count < 3 || groups.Take(3).Any(g => g.InParentheses) || groups[1].Separator != groups[2].Separator
            || groups[1].Separator is not ('-' or '.' or '/'))
        {
            return false;
        }

        int a = groups[0].Digits.Length, b = groups[1].Digits.Length, c = groups[2].Digits.Length;
        if (a > 4 || b > 2)
        {
            return false;
        }

        int first = int.Parse(groups[0].Digits, CultureInfo.InvariantCulture);
        int second = int.Parse(groups[1].Digits, CultureInfo.InvariantCulture);
        bool yearFirst = a == 4 && c <= 2 && second is >= 1 and <= 12;
        // A two-digit year only when the chain ends there: "01.23.45.67.89" is a French number, not a date.
        bool yearLast = a <= 2 && (c == 4 || c == 2 && groups.Count == 3)
            && first is >= 1 and <= 31 && second is >= 1 and <= 31 && (first <= 12 || second <= 12);
        return yearFirst || yearLast;
    }

    // 1 234 567 890 or 12.345.678: an amount, not a number to call.
    private static bool IsGroupedInThousands(List<Group> groups) =>
        groups.Count >= 3 && !groups[0].InParentheses && groups[0].Digits.Length <= 3 && groups[0].Digits[0] != '0'
        && groups.Skip(1).All(g => g.Digits.Length == 3 && !g.InParentheses && g.Separator == groups[1].Separator)
        && groups[1].Separator is ' ' or '.';

    // 2019-0412-7781, 2024/000123: identifiers that lead with a year.
    private static bool StartsWithYear(List<Group> groups) =>
        !groups[0].InParentheses && groups[0].Digits.Length == 4 && groups[0].Digits[0] is '1' or '2'
        && int.Parse(groups[0].Digits, CultureInfo.InvariantCulture) is >= 1900 and <= 2099;

    private static bool IsSocialSecurityLayout(List<Group> groups) =>
        groups.Count == 3 && groups.All(g => !g.InParentheses && g.Separator is '\0' or '-')
        && groups[0].Digits.Length == 3 && groups[1].Digits.Length == 2 && groups[2].Digits.Length == 4;
}
