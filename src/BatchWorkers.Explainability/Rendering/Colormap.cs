using System.Text.Json.Serialization;

namespace BatchWorkers.Explainability.Rendering;

/// <summary>A perceptually uniform colour map from matplotlib; serialised as its name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Colormap>))]
public enum Colormap
{
    /// <summary>Black through purple and orange to pale yellow.</summary>
    Inferno,

    /// <summary>Dark purple through blue and green to yellow.</summary>
    Viridis,
}

/// <summary>Colour maps as 11 evenly spaced stops (matplotlib's values), interpolated linearly between them.</summary>
internal static class ColormapTable
{
    private static readonly uint[] Inferno =
        [0x000004, 0x160b39, 0x420a68, 0x6a176e, 0x932667, 0xbc3754, 0xdd513a, 0xf37819, 0xfca50a, 0xf6d746, 0xfcffa4];

    private static readonly uint[] Viridis =
        [0x440154, 0x482576, 0x414487, 0x35608d, 0x2a788e, 0x21908c, 0x22a884, 0x43bf71, 0x7ad151, 0xbbdf27, 0xfde725];

    /// <summary>The colour at <paramref name="t"/> in [0, 1] (clamped).</summary>
    public static (byte R, byte G, byte B) Map(Colormap colormap, double t)
    {
        var stops = colormap == Colormap.Viridis ? Viridis : Inferno;
        var position = Math.Clamp(double.IsNaN(t) ? 0 : t, 0, 1) * (stops.Length - 1);
        var low = Math.Min((int)position, stops.Length - 2);
        var w = position - low;
        return (Channel(stops, low, 16, w), Channel(stops, low, 8, w), Channel(stops, low, 0, w));
    }

    private static byte Channel(uint[] stops, int low, int shift, double w)
    {
        var a = (int)((stops[low] >> shift) & 0xff);
        var b = (int)((stops[low + 1] >> shift) & 0xff);
        return (byte)Math.Round(a + ((b - a) * w));
    }
}
