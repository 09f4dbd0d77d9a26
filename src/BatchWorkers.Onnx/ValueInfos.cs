using BatchWorkers.Onnx.Protos;

namespace BatchWorkers.Onnx;

/// <summary>Builds the typed declarations of graph inputs and outputs.</summary>
internal static class ValueInfos
{
    public static ValueInfoProto Create(string name, TensorProto.Types.DataType elementType, TensorDim[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        if (elementType == TensorProto.Types.DataType.Undefined)
        {
            throw new ArgumentException($"'{name}' needs an element type.", nameof(elementType));
        }

        var tensorType = new TypeProto.Types.Tensor { ElemType = (int)elementType };
        if (dims.Length > 0)
        {
            tensorType.Shape = new TensorShapeProto { Dim = { dims.Select(ToDimension) } };
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
    }

    private static TensorShapeProto.Types.Dimension ToDimension(TensorDim dim)
    {
        var dimension = new TensorShapeProto.Types.Dimension();
        if (dim.Symbol is not null)
        {
            dimension.DimParam = dim.Symbol;
        }
        else if (dim.Value is { } value)
        {
            dimension.DimValue = value;
        }

        return dimension;
    }
}
