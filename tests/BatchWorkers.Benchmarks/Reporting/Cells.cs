using System.Globalization;

namespace BatchWorkers.Benchmarks.Reporting;

/// <summary>Table cells as every benchmark report writes them (invariant culture, so Markdown is the same everywhere).</summary>
internal static class Cells
{
    public static IReadOnlyList<string> Row(params string[] cells) => cells;

    /// <summary>A number in <paramref name="format"/>, e.g. "0.00".</summary>
    public static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>A share as a whole percentage.</summary>
    public static string P(double share) => share.ToString("0%", CultureInfo.InvariantCulture);

    /// <summary>An integer as it is.</summary>
    public static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A count with thousands separators.</summary>
    public static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
