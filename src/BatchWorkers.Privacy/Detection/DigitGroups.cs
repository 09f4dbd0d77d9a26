namespace BatchWorkers.Privacy.Detection;

/// <summary>Splits a run such as <c>4111 1111-22</c> into its digit groups and the separator before each.</summary>
internal static class DigitGroups
{
    /// <summary>Each group's start in <paramref name="text"/>, its length, and the character before it ('\0' for the first).</summary>
    public static List<(int Start, int Length, char Separator)> Split(string text, int start, int length)
    {
        var groups = new List<(int, int, char)>();
        int end = start + length;
        char separator = '\0';
        int i = start;
        while (i < end)
        {
            if (char.IsAsciiDigit(text[i]))
            {
                int j = i;
                while (j < end && char.IsAsciiDigit(text[j]))
                {
                    j++;
                }

                groups.Add((i, j - i, separator));
                i = j;
            }
            else
            {
                separator = text[i++];
            }
        }

        return groups;
    }
}
