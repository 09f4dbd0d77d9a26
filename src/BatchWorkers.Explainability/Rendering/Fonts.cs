using SkiaSharp;

namespace BatchWorkers.Explainability.Rendering;

/// <summary>
/// The typeface charts and labels are drawn with. SkiaSharp's Linux "NoDependencies" build has no font manager, so
/// <see cref="SKTypeface.Default"/> has no glyphs there; then a system font file is loaded instead (DejaVu Sans,
/// Liberation Sans, Noto Sans or FreeSans, else the first TrueType file under the font directories). A machine
/// without any (a bare container image) gets charts without text: install <c>fonts-dejavu-core</c>.
/// </summary>
public static class Fonts
{
    private static readonly string[] Directories = ["/usr/share/fonts", "/usr/local/share/fonts", "/usr/X11R6/lib/X11/fonts"];

    private static readonly string[] Preferred =
    [
        "truetype/dejavu/DejaVuSans.ttf",
        "TTF/DejaVuSans.ttf",
        "dejavu/DejaVuSans.ttf",
        "truetype/liberation/LiberationSans-Regular.ttf",
        "liberation/LiberationSans-Regular.ttf",
        "truetype/noto/NotoSans-Regular.ttf",
        "noto/NotoSans-Regular.ttf",
        "truetype/freefont/FreeSans.ttf",
    ];

    private static readonly Lazy<SKTypeface> Resolved = new(Resolve);

    /// <summary>The typeface in use.</summary>
    public static SKTypeface Typeface => Resolved.Value;

    /// <summary>Whether text will show: false when no typeface with glyphs was found.</summary>
    public static bool TextAvailable => Typeface.GlyphCount > 0;

    private static SKTypeface Resolve()
    {
        if (SKTypeface.Default.GlyphCount > 0)
        {
            return SKTypeface.Default;
        }

        var candidates = Directories.SelectMany(directory => Preferred.Select(file => Path.Combine(directory, file)))
            .Concat(Directories.Where(Directory.Exists).SelectMany(AnyTrueType));
        foreach (var path in candidates)
        {
            if (File.Exists(path) && SKTypeface.FromFile(path) is { GlyphCount: > 0 } typeface)
            {
                return typeface;
            }
        }

        return SKTypeface.Default;
    }

    private static IEnumerable<string> AnyTrueType(string directory)
    {
        try
        {
            return Directory.EnumerateFiles(directory, "*.ttf", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(64).ToList();
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }
}
