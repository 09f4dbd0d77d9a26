namespace BatchWorkers.Onnx.Tests.Reference;

/// <summary>Plain loops for 2-D convolution and batch normalisation, written from the definitions.</summary>
internal static class ReferenceConv
{
    /// <summary>x [N, C, H, W], w [M, C/groups, KH, KW]; pads are (top, left, bottom, right).</summary>
    public static RefTensor Conv2d(
        RefTensor x,
        RefTensor w,
        float[]? bias,
        (int H, int W) stride,
        (int Top, int Left, int Bottom, int Right) pads,
        (int H, int W) dilation,
        int groups)
    {
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], wd = x.Shape[3];
        int m = w.Shape[0], cg = w.Shape[1], kh = w.Shape[2], kw = w.Shape[3];
        Assert.Equal(c, cg * groups);
        var mg = m / groups;
        var oh = (h + pads.Top + pads.Bottom - (dilation.H * (kh - 1) + 1)) / stride.H + 1;
        var ow = (wd + pads.Left + pads.Right - (dilation.W * (kw - 1) + 1)) / stride.W + 1;
        var y = RefTensor.Zeros(n, m, oh, ow);
        for (var o = 0; o < y.Data.Length; o++)
        {
            // Decompose the output index instead of nesting four loops.
            int j = o % ow, i = o / ow % oh, oc = o / (ow * oh) % m, b = o / (ow * oh * m);
            var group = oc / mg;
            double sum = bias?[oc] ?? 0;
            for (var ic = 0; ic < cg; ic++)
            {
                for (var p = 0; p < kh; p++)
                {
                    for (var q = 0; q < kw; q++)
                    {
                        var ih = i * stride.H - pads.Top + p * dilation.H;
                        var iw = j * stride.W - pads.Left + q * dilation.W;
                        if (ih >= 0 && ih < h && iw >= 0 && iw < wd)
                        {
                            sum += (double)x[b, group * cg + ic, ih, iw] * w[oc, ic, p, q];
                        }
                    }
                }
            }

            y.Data[o] = (float)sum;
        }

        return y;
    }

    /// <summary>Inference-mode batch norm over axis 1 of [N, C, H, W].</summary>
    public static RefTensor BatchNorm(
        RefTensor x, float[] scale, float[] bias, float[] mean, float[] variance, double epsilon)
    {
        var y = RefTensor.Zeros(x.Shape);
        int c = x.Shape[1], plane = x.Shape[2] * x.Shape[3];
        for (var i = 0; i < x.Data.Length; i++)
        {
            var ch = i / plane % c;
            y.Data[i] = (float)((x.Data[i] - mean[ch]) / Math.Sqrt(variance[ch] + epsilon) * scale[ch] + bias[ch]);
        }

        return y;
    }
}
