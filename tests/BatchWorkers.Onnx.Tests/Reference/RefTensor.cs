namespace BatchWorkers.Onnx.Tests.Reference;

/// <summary>A dense row-major float tensor: the reference implementation's only data type.</summary>
internal sealed record RefTensor(float[] Data, int[] Shape)
{
    public int Rank => Shape.Length;

    public float this[int n, int c, int h, int w] =>
        Data[((n * Shape[1] + c) * Shape[2] + h) * Shape[3] + w];

    public static RefTensor Zeros(params int[] shape) => new(new float[Size(shape)], shape);

    /// <summary>Uniform values in [low, high) from a seeded generator, so failures reproduce.</summary>
    public static RefTensor Random(Random rng, int[] shape, float low = -1f, float high = 1f)
    {
        var data = new float[Size(shape)];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = low + (float)rng.NextDouble() * (high - low);
        }

        return new RefTensor(data, shape);
    }

    public RefTensor Reshape(params int[] shape) =>
        Size(shape) == Data.Length
            ? new RefTensor(Data, shape)
            : throw new ArgumentException($"Cannot reshape {Data.Length} values to [{string.Join(", ", shape)}].");

    public RefTensor Map(Func<double, double> f) =>
        new(Data.Select(v => (float)f(v)).ToArray(), Shape);

    public long[] LongShape() => Shape.Select(d => (long)d).ToArray();

    public static int Size(int[] shape) => shape.Aggregate(1, (a, b) => a * b);

    /// <summary>Row-major strides: how far one step along each axis moves in <see cref="Data"/>.</summary>
    public int[] Strides()
    {
        var strides = new int[Rank];
        var stride = 1;
        for (var axis = Rank - 1; axis >= 0; axis--)
        {
            strides[axis] = stride;
            stride *= Shape[axis];
        }

        return strides;
    }
}
