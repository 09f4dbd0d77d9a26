using BatchWorkers.Onnx.Protos;

namespace BatchWorkers.Training.Transfer;

/// <summary>Small reads and writes on ONNX graphs shared by the feature extractor and the head graft.</summary>
internal static class OnnxGraphEdits
{
    /// <summary>The feature width: the head Gemm's weight tells it, whichever way round (transB) it is stored.</summary>
    public static int FeatureCount(GraphProto graph, string featureTensor)
    {
        var gemm = graph.Node.LastOrDefault(node => node.OpType == "Gemm" && node.Input[0] == featureTensor)
            ?? throw new InvalidOperationException($"No Gemm reads '{featureTensor}', so its width is unknown.");
        var weight = graph.Initializer.SingleOrDefault(tensor => tensor.Name == gemm.Input[1]) is { Dims.Count: 2 } found
            ? found
            : throw new InvalidOperationException($"The Gemm reading '{featureTensor}' has no 2-D weight initializer.");
        var transB = gemm.Attribute.FirstOrDefault(attribute => attribute.Name == "transB")?.I ?? 0;
        return checked((int)(transB == 1 ? weight.Dims[1] : weight.Dims[0]));
    }

    /// <summary>The graph input's first dimension (the batch), symbolic or fixed; "N" when undeclared.</summary>
    public static TensorShapeProto.Types.Dimension BatchDim(GraphProto graph) =>
        graph.Input.FirstOrDefault()?.Type?.TensorType?.Shape?.Dim.FirstOrDefault()?.Clone()
            ?? new TensorShapeProto.Types.Dimension { DimParam = "N" };

    public static ValueInfoProto FloatMatrix(string name, TensorShapeProto.Types.Dimension rows, long columns) => new()
    {
        Name = name,
        Type = new TypeProto
        {
            TensorType = new TypeProto.Types.Tensor
            {
                ElemType = (int)TensorProto.Types.DataType.Float,
                Shape = new TensorShapeProto { Dim = { rows.Clone(), new TensorShapeProto.Types.Dimension { DimValue = columns } } },
            },
        },
    };

    /// <summary>A float initializer with little-endian raw_data, as the project's writer makes them.</summary>
    public static TensorProto FloatTensor(string name, float[] values, params long[] dims)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = Google.Protobuf.ByteString.CopyFrom(bytes) };
        tensor.Dims.Add(dims);
        return tensor;
    }
}
