using System.Globalization;
using BatchWorkers.Explainability.Rendering;
using SkiaSharp;

namespace BatchWorkers.Explainability.FineTuning;

/// <summary>Text, ticks and numbers for the charts.</summary>
internal static class ChartText
{
    public static SKFont Font(float size) => new(Fonts.Typeface, size) { Subpixel = true };

    public static void Draw(SKCanvas canvas, string text, float x, float y, SKTextAlign align, SKFont font, SKColor colour)
    {
        using var paint = new SKPaint { Color = colour, IsAntialias = true };
        canvas.DrawText(text, x, y, align, font, paint);
    }

    /// <summary>Draws text turned 90° anticlockwise, centred on (x, y) along its length.</summary>
    public static void DrawVertical(SKCanvas canvas, string text, float x, float y, SKTextAlign align, SKFont font, SKColor colour)
    {
        canvas.Save();
        canvas.RotateDegrees(-90, x, y);
        Draw(canvas, text, x, y, align, font, colour);
        canvas.Restore();
    }

    /// <summary><paramref name="text"/>, cut and ended with "…" if wider than <paramref name="width"/>.</summary>
    public static string Fit(string text, SKFont font, float width)
    {
        if (font.MeasureText(text) <= width)
        {
            return text;
        }

        var length = text.Length;
        while (length > 0 && font.MeasureText(string.Concat(text.AsSpan(0, length), "…")) > width)
        {
            length--;
        }

        return string.Concat(text.AsSpan(0, length), "…");
    }

    /// <summary>Evenly spaced round values (steps of 1, 2 or 5 × 10^k) covering [low, high], about <paramref name="count"/> of them.</summary>
    public static (double Low, double High, double Step) NiceRange(double low, double high, int count)
    {
        if (!(high > low))
        {
            (low, high) = (low - 0.5, high + 0.5);
        }

        var raw = (high - low) / Math.Max(1, count - 1);
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = (raw / magnitude) switch { <= 1 => magnitude, <= 2 => 2 * magnitude, <= 5 => 5 * magnitude, _ => 10 * magnitude };
        return (Math.Floor((low / step) + 1e-9) * step, Math.Ceiling((high / step) - 1e-9) * step, step);
    }

    public static string Number(double value, double step)
    {
        var decimals = Math.Clamp((int)-Math.Floor(Math.Log10(step) + 1e-9), 0, 6);
        return Math.Round(value, decimals).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}
