namespace BatchWorkers.Onnx.Tests.Reference;

/// <summary>Element-wise operations, with NumPy broadcasting for the binary ones.</summary>
internal static class ReferenceElementwise
{
    public static RefTensor Relu(RefTensor x) => x.Map(v => Math.Max(v, 0));

    public static RefTensor Sigmoid(RefTensor x) => x.Map(v => 1 / (1 + Math.Exp(-v)));

    public static RefTensor Add(RefTensor a, RefTensor b) => Broadcast(a, b, (x, y) => x + y);

    public static RefTensor Mul(RefTensor a, RefTensor b) => Broadcast(a, b, (x, y) => x * y);

    // Aligns shapes from the right; a dim of 1 (or a missing one) repeats.
    private static RefTensor Broadcast(RefTensor a, RefTensor b, Func<double, double, double> f)
    {
        var rank = Math.Max(a.Rank, b.Rank);
        var sa = Pad(a.Shape, rank);
        var sb = Pad(b.Shape, rank);
        var shape = sa.Zip(sb, (x, y) => x == 1 ? y : y == 1 || y == x ? x : throw new ArgumentException("Shapes do not broadcast.")).ToArray();
        var (stridesA, stridesB) = (new RefTensor(a.Data, sa).Strides(), new RefTensor(b.Data, sb).Strides());
        var y = RefTensor.Zeros(shape);
        var outStrides = y.Strides();
        for (var o = 0; o < y.Data.Length; o++)
        {
            int ia = 0, ib = 0;
            for (var axis = 0; axis < rank; axis++)
            {
                var index = o / outStrides[axis] % shape[axis];
                ia += sa[axis] == 1 ? 0 : index * stridesA[axis];
                ib += sb[axis] == 1 ? 0 : index * stridesB[axis];
            }

            y.Data[o] = (float)f(a.Data[ia], b.Data[ib]);
        }

        return y;
    }

    private static int[] Pad(int[] shape, int rank) => [.. Enumerable.Repeat(1, rank - shape.Length), .. shape];
}
