using Microsoft.ML.OnnxRuntime;

namespace BatchWorkers.Seq2Seq.Tests.Onnx.Support;

/// <summary>A float tensor read back from ONNX Runtime.</summary>
internal sealed record FloatTensor(float[] Data, long[] Shape)
{
    public float this[params long[] index]
    {
        get
        {
            long offset = 0;
            for (int i = 0; i < Shape.Length; i++)
            {
                offset = (offset * Shape[i]) + index[i];
            }

            return Data[offset];
        }
    }
}

/// <summary>Runs one exported file with named inputs, returning every output.</summary>
internal static class OrtTensors
{
    public static OrtValue Int64(long[] data, params long[] shape) => OrtValue.CreateTensorValueFromMemory(data, shape);

    public static OrtValue Float(float[] data, params long[] shape) => OrtValue.CreateTensorValueFromMemory(data, shape);

    public static OrtValue Bool(bool value) => OrtValue.CreateTensorValueFromMemory(new[] { value }, [1]);

    public static Dictionary<string, FloatTensor> Run(InferenceSession session, Dictionary<string, OrtValue> inputs)
    {
        try
        {
            using var runOptions = new RunOptions();
            using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions, inputs, session.OutputNames);
            return session.OutputNames.Zip(outputs).ToDictionary(
                pair => pair.First,
                pair => new FloatTensor(pair.Second.GetTensorDataAsSpan<float>().ToArray(), pair.Second.GetTensorTypeAndShape().Shape));
        }
        finally
        {
            foreach (OrtValue value in inputs.Values)
            {
                value.Dispose();
            }
        }
    }
}
