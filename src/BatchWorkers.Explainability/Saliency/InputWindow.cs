namespace BatchWorkers.Explainability.Saliency;

/// <summary>
/// Where the model input lies in the original (upright) image, in original pixels: preprocessing resized the image
/// and cropped this window out of it. Maps saliency cells to boxes on the original image.
/// </summary>
/// <param name="ImageWidth">Original image width in pixels.</param>
/// <param name="ImageHeight">Original image height in pixels.</param>
/// <param name="Left">The window's left edge in original pixels.</param>
/// <param name="Top">The window's top edge in original pixels.</param>
/// <param name="Width">The window's width in original pixels.</param>
/// <param name="Height">The window's height in original pixels.</param>
public sealed record InputWindow(int ImageWidth, int ImageHeight, double Left, double Top, double Width, double Height)
{
    /// <summary>The model input is the whole image, resized without cropping.</summary>
    public static InputWindow Whole(int imageWidth, int imageHeight) => new(imageWidth, imageHeight, 0, 0, imageWidth, imageHeight);

    /// <summary>
    /// The image was resized to <paramref name="resizedWidth"/> × <paramref name="resizedHeight"/>, then a centred
    /// <paramref name="cropWidth"/> × <paramref name="cropHeight"/> window was cut from it (offsets rounded down, as
    /// the worker's tensorizer does). Pass the resized size as the crop size when there is no crop.
    /// </summary>
    public static InputWindow ResizeAndCrop(
        int imageWidth, int imageHeight, int resizedWidth, int resizedHeight, int cropWidth, int cropHeight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(imageWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(imageHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(resizedWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(resizedHeight, 1);
        var (scaleX, scaleY) = ((double)imageWidth / resizedWidth, (double)imageHeight / resizedHeight);
        var left = Math.Max(0, (resizedWidth - cropWidth) / 2);
        var top = Math.Max(0, (resizedHeight - cropHeight) / 2);
        return new InputWindow(imageWidth, imageHeight, left * scaleX, top * scaleY, cropWidth * scaleX, cropHeight * scaleY);
    }

    /// <summary>
    /// The box in original pixels, clipped to the image, of input pixels <paramref name="left"/> to
    /// <paramref name="right"/> and <paramref name="top"/> to <paramref name="bottom"/> (exclusive) of an input of
    /// <paramref name="inputWidth"/> × <paramref name="inputHeight"/>.
    /// </summary>
    public PixelBox ToImage(int left, int top, int right, int bottom, int inputWidth, int inputHeight)
    {
        var (sx, sy) = (Width / inputWidth, Height / inputHeight);
        var x0 = Math.Clamp((int)Math.Floor(Left + (left * sx)), 0, ImageWidth);
        var y0 = Math.Clamp((int)Math.Floor(Top + (top * sy)), 0, ImageHeight);
        var x1 = Math.Clamp((int)Math.Ceiling(Left + (right * sx)), 0, ImageWidth);
        var y1 = Math.Clamp((int)Math.Ceiling(Top + (bottom * sy)), 0, ImageHeight);
        return new PixelBox(x0, y0, x1 - x0, y1 - y0);
    }
}
