namespace BatchWorkers.Worker.Imaging;

/// <summary>
/// Recognises the supported formats by their leading bytes, so "this is not an image we read" (unsupported)
/// can be told apart from "this is a PNG, but broken" (corrupt).
/// </summary>
public static class ImageFormats
{
    public static string? Detect(ReadOnlySpan<byte> bytes) => bytes switch
    {
        [0xFF, 0xD8, 0xFF, ..] => "jpeg",
        [0x89, (byte)'P', (byte)'N', (byte)'G', ..] => "png",
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', ..] => "gif",
        [(byte)'B', (byte)'M', ..] => "bmp",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => "webp",
        _ => null,
    };
}
