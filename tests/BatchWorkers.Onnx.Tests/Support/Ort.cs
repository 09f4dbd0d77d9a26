using BatchWorkers.Onnx.Tests.Reference;
using Microsoft.ML.OnnxRuntime;

namespace BatchWorkers.Onnx.Tests.Support;

/// <summary>Runs a model in ONNX Runtime and returns its float outputs as reference tensors.</summary>
internal static class Ort
{
    public static RefTensor RunSingle(byte[] model, params (string Name, RefTensor Value)[] inputs) =>
        Run(model, inputs).Values.Single();

    public static IReadOnlyDictionary<string, RefTensor> Run(byte[] model, params (string Name, RefTensor Value)[] inputs)
    {
        using var session = new InferenceSession(model);
        var values = inputs.ToDictionary(
            input => input.Name,
            input => OrtValue.CreateTensorValueFromMemory(input.Value.Data, input.Value.LongShape()));
        try
        {
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, values, session.OutputNames);
            return session.OutputNames
                .Zip(outputs)
                .ToDictionary(
                    pair => pair.First,
                    pair => new RefTensor(
                        pair.Second.GetTensorDataAsSpan<float>().ToArray(),
                        pair.Second.GetTensorTypeAndShape().Shape.Select(d => (int)d).ToArray()));
        }
        finally
        {
            foreach (var value in values.Values)
            {
                value.Dispose();
            }
        }
    }
}
