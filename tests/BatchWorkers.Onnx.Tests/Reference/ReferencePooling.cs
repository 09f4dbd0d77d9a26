namespace BatchWorkers.Onnx.Tests.Reference;

/// <summary>Plain loops for 2-D pooling over [N, C, H, W]; pads are (top, left, bottom, right).</summary>
internal static class ReferencePooling
{
    public static RefTensor MaxPool2d(RefTensor x, (int H, int W) kernel, (int H, int W) stride, (int Top, int Left, int Bottom, int Right) pads) =>
        Pool(x, kernel, stride, pads, window => window.Count == 0 ? double.NegativeInfinity : window.Max());

    /// <summary>Average of the window's cells; padded cells count only when <paramref name="countIncludePad"/>.</summary>
    public static RefTensor AvgPool2d(
        RefTensor x, (int H, int W) kernel, (int H, int W) stride, (int Top, int Left, int Bottom, int Right) pads, bool countIncludePad) =>
        Pool(x, kernel, stride, pads, window => window.Sum() / (countIncludePad ? kernel.H * kernel.W : window.Count));

    /// <summary>[N, C, H, W] → [N, C, 1, 1], the mean of each plane.</summary>
    public static RefTensor GlobalAvgPool(RefTensor x)
    {
        int n = x.Shape[0], c = x.Shape[1], plane = x.Shape[2] * x.Shape[3];
        var y = RefTensor.Zeros(n, c, 1, 1);
        for (var i = 0; i < n * c; i++)
        {
            y.Data[i] = (float)x.Data.Skip(i * plane).Take(plane).Average(v => (double)v);
        }

        return y;
    }

    // Collects each window's in-bounds cells and reduces them; padding cells are never read.
    private static RefTensor Pool(
        RefTensor x,
        (int H, int W) kernel,
        (int H, int W) stride,
        (int Top, int Left, int Bottom, int Right) pads,
        Func<List<double>, double> reduce)
    {
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        var oh = (h + pads.Top + pads.Bottom - kernel.H) / stride.H + 1;
        var ow = (w + pads.Left + pads.Right - kernel.W) / stride.W + 1;
        var y = RefTensor.Zeros(n, c, oh, ow);
        var window = new List<double>();
        for (var o = 0; o < y.Data.Length; o++)
        {
            int j = o % ow, i = o / ow % oh, plane = o / (ow * oh);
            window.Clear();
            for (var p = 0; p < kernel.H; p++)
            {
                for (var q = 0; q < kernel.W; q++)
                {
                    var ih = i * stride.H - pads.Top + p;
                    var iw = j * stride.W - pads.Left + q;
                    if (ih >= 0 && ih < h && iw >= 0 && iw < w)
                    {
                        window.Add(x[plane / c, plane % c, ih, iw]);
                    }
                }
            }

            y.Data[o] = (float)reduce(window);
        }

        return y;
    }
}
