using System.Runtime.InteropServices;
using BatchWorkers.Explainability.Saliency;
using Microsoft.ML.OnnxRuntime;

namespace BatchWorkers.Explainability.Tests.Support;

/// <summary>
/// An ONNX Runtime session behind a <see cref="BatchClassifier"/>, as the worker's shared session would be: the batch
/// memory is wrapped as the input tensor without a copy. Counts the images it is given.
/// </summary>
internal sealed class OrtClassifier : IDisposable
{
    private readonly InferenceSession _session;
    private readonly long[] _imageShape;

    public OrtClassifier(byte[] model, int channels, int height, int width)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 2 };
        _session = new InferenceSession(model, options);
        _imageShape = [channels, height, width];
    }

    /// <summary>Images evaluated so far.</summary>
    public int Images { get; private set; }

    /// <summary>Model calls so far.</summary>
    public int Calls { get; private set; }

    /// <summary>The largest batch seen.</summary>
    public int LargestBatch { get; private set; }

    public float[][] Classify(ReadOnlyMemory<float> batch, int count)
    {
        (Images, Calls, LargestBatch) = (Images + count, Calls + 1, Math.Max(LargestBatch, count));
        using var input = OrtValue.CreateTensorValueFromMemory(
            OrtMemoryInfo.DefaultInstance, MemoryMarshal.AsMemory(batch), [count, .. _imageShape]);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, [_session.InputNames[0]], [input], [_session.OutputNames[0]]);
        var values = outputs[0].GetTensorDataAsSpan<float>();
        var classes = values.Length / count;
        var rows = new float[count][];
        for (var i = 0; i < count; i++)
        {
            rows[i] = values.Slice(i * classes, classes).ToArray();
        }

        return rows;
    }

    public void Dispose() => _session.Dispose();
}
