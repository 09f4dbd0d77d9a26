namespace BatchWorkers.Onnx.Tests.Reference;

/// <summary>Plain loops for matrix products, softmax and concatenation.</summary>
internal static class ReferenceDense
{
    /// <summary>alpha·op(A)·op(B) + beta·C, with A, B 2-D and C [N], [1, N] or [M, N].</summary>
    public static RefTensor Gemm(RefTensor a, RefTensor b, RefTensor? c, double alpha, double beta, bool transA, bool transB)
    {
        var (m, k) = transA ? (a.Shape[1], a.Shape[0]) : (a.Shape[0], a.Shape[1]);
        var n = transB ? b.Shape[0] : b.Shape[1];
        Assert.Equal(k, transB ? b.Shape[1] : b.Shape[0]);
        var y = RefTensor.Zeros(m, n);
        for (var o = 0; o < m * n; o++)
        {
            int i = o / n, j = o % n;
            double sum = 0;
            for (var p = 0; p < k; p++)
            {
                var av = transA ? a.Data[p * m + i] : a.Data[i * k + p];
                var bv = transB ? b.Data[j * k + p] : b.Data[p * n + j];
                sum += (double)av * bv;
            }

            var cv = c is null ? 0 : c.Data.Length == n ? c.Data[j] : c.Data[o];
            y.Data[o] = (float)(alpha * sum + beta * cv);
        }

        return y;
    }

    /// <summary>[..., M, K] × [K, N] → [..., M, N]: a stack of matrices times one matrix.</summary>
    public static RefTensor MatMul(RefTensor a, RefTensor b)
    {
        int k = a.Shape[^1], m = a.Shape[^2], n = b.Shape[1], batch = a.Data.Length / (m * k);
        var y = new List<float>();
        for (var s = 0; s < batch; s++)
        {
            var slice = new RefTensor(a.Data.Skip(s * m * k).Take(m * k).ToArray(), [m, k]);
            y.AddRange(Gemm(slice, b, null, 1, 0, false, false).Data);
        }

        return new RefTensor([.. y], [.. a.Shape[..^1], n]);
    }

    /// <summary>exp(x − max) / Σ exp(x − max) along <paramref name="axis"/>.</summary>
    public static RefTensor Softmax(RefTensor x, int axis)
    {
        axis = axis < 0 ? axis + x.Rank : axis;
        var stride = x.Strides()[axis];
        var length = x.Shape[axis];
        var y = RefTensor.Zeros(x.Shape);
        for (var start = 0; start < x.Data.Length; start++)
        {
            // Visit each line along the axis once, from its first element.
            if (start / stride % length != 0)
            {
                continue;
            }

            var line = Enumerable.Range(0, length).Select(t => start + t * stride).ToArray();
            var max = line.Max(i => (double)x.Data[i]);
            var total = line.Sum(i => Math.Exp(x.Data[i] - max));
            foreach (var i in line)
            {
                y.Data[i] = (float)(Math.Exp(x.Data[i] - max) / total);
            }
        }

        return y;
    }

    /// <summary>Joins tensors along <paramref name="axis"/>; other dims must match.</summary>
    public static RefTensor Concat(IReadOnlyList<RefTensor> parts, int axis)
    {
        var outer = RefTensor.Size(parts[0].Shape[..axis]);
        var data = new List<float>();
        for (var o = 0; o < outer; o++)
        {
            foreach (var part in parts)
            {
                var chunk = RefTensor.Size(part.Shape[axis..]);
                data.AddRange(part.Data.Skip(o * chunk).Take(chunk));
            }
        }

        var shape = (int[])parts[0].Shape.Clone();
        shape[axis] = parts.Sum(p => p.Shape[axis]);
        return new RefTensor([.. data], shape);
    }
}
