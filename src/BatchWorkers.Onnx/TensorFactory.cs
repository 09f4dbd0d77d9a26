using System.Buffers.Binary;
using BatchWorkers.Onnx.Protos;
using Google.Protobuf;

namespace BatchWorkers.Onnx;

/// <summary>Builds initializer tensors, checking that the values fill the dims exactly.</summary>
internal static class TensorFactory
{
    public static TensorProto Float(string name, float[] values, long[] dims)
    {
        CheckCount(name, values.Length, dims);
        // raw_data is little-endian by the ONNX spec; write it explicitly rather than copying host memory.
        var bytes = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        return Create(name, TensorProto.Types.DataType.Float, dims, bytes);
    }

    public static TensorProto Int64(string name, long[] values, long[] dims)
    {
        CheckCount(name, values.Length, dims);
        var bytes = new byte[values.Length * sizeof(long)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), values[i]);
        }

        return Create(name, TensorProto.Types.DataType.Int64, dims, bytes);
    }

    private static TensorProto Create(string name, TensorProto.Types.DataType type, long[] dims, byte[] bytes) =>
        new()
        {
            Name = name,
            DataType = (int)type,
            Dims = { dims },
            RawData = UnsafeByteOperations.UnsafeWrap(bytes),
        };

    private static void CheckCount(string name, int count, long[] dims)
    {
        long expected = 1;
        foreach (var dim in dims)
        {
            if (dim < 0)
            {
                throw new ArgumentException(
                    $"Initializer '{name}' has a negative dimension in [{string.Join(", ", dims)}].", nameof(dims));
            }

            expected *= dim;
        }

        if (expected != count)
        {
            throw new ArgumentException(
                $"Initializer '{name}' has {count} values but dims [{string.Join(", ", dims)}] need {expected}.",
                nameof(dims));
        }
    }
}
