using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace BatchWorkers.Seq2Seq.Onnx;

/// <summary>
/// A tensor whose first dimension is the decoding row (encoder output, attention mask, a key/value cache entry),
/// owning its <see cref="OrtValue"/>. <see cref="SelectRows"/> gathers it along that dimension.
/// </summary>
internal sealed class RowTensor : IDisposable
{
    private RowTensor(OrtValue value)
    {
        Value = value;
        Shape = value.GetTensorTypeAndShape().Shape;
    }

    public OrtValue Value { get; private set; }

    /// <summary>The shape; dim 0 is the row count.</summary>
    public long[] Shape { get; private set; }

    /// <summary>Takes ownership of <paramref name="value"/>, a tensor ONNX Runtime returned or one built from memory.</summary>
    public static RowTensor Own(OrtValue value) => new(value);

    /// <summary>New row i is old row <paramref name="parents"/>[i]; rows may repeat, be dropped or be reordered.</summary>
    public void SelectRows(ReadOnlySpan<int> parents)
    {
        if (IsIdentity(parents, Shape[0]))
        {
            return;
        }

        long[] shape = [parents.Length, .. Shape.AsSpan(1)];
        TensorElementType type = Value.GetTensorTypeAndShape().ElementDataType;
        OrtValue selected = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, type, shape);
        try
        {
            switch (type)
            {
                case TensorElementType.Float:
                    CopyRows<float>(Value, selected, parents);
                    break;
                case TensorElementType.Int64:
                    CopyRows<long>(Value, selected, parents);
                    break;
                default:
                    throw new NotSupportedException($"Cannot select rows of a {type} tensor.");
            }
        }
        catch
        {
            selected.Dispose();
            throw;
        }

        Value.Dispose();
        Value = selected;
        Shape = shape;
    }

    public void Dispose() => Value.Dispose();

    private static bool IsIdentity(ReadOnlySpan<int> parents, long rows)
    {
        if (parents.Length != rows)
        {
            return false;
        }

        for (int i = 0; i < parents.Length; i++)
        {
            if (parents[i] != i)
            {
                return false;
            }
        }

        return true;
    }

    private static void CopyRows<T>(OrtValue source, OrtValue target, ReadOnlySpan<int> parents)
        where T : unmanaged
    {
        ReadOnlySpan<T> from = source.GetTensorDataAsSpan<T>();
        Span<T> to = target.GetTensorMutableDataAsSpan<T>();
        long rows = source.GetTensorTypeAndShape().Shape[0];
        int rowSize = rows == 0 ? 0 : checked((int)(from.Length / rows));
        for (int i = 0; i < parents.Length; i++)
        {
            if ((uint)parents[i] >= rows)
            {
                throw new ArgumentOutOfRangeException(nameof(parents), parents[i], $"There are {rows} rows.");
            }

            from.Slice(parents[i] * rowSize, rowSize).CopyTo(to.Slice(i * rowSize, rowSize));
        }
    }
}
