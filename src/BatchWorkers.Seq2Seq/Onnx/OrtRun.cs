using Microsoft.ML.OnnxRuntime;

namespace BatchWorkers.Seq2Seq.Onnx;

/// <summary>Runs a session so that a cancelled token terminates the run and surfaces as <see cref="OperationCanceledException"/>.</summary>
internal static class OrtRun
{
    /// <returns>The outputs in the order of <paramref name="outputNames"/>; the caller owns (and disposes) each one.</returns>
    public static OrtValue[] Run(
        InferenceSession session,
        IReadOnlyCollection<string> inputNames,
        IReadOnlyCollection<OrtValue> inputs,
        IReadOnlyCollection<string> outputNames,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var runOptions = new RunOptions();
        using CancellationTokenRegistration registration = cancellationToken.Register(
            static state => ((RunOptions)state!).Terminate = true, runOptions);
        try
        {
            // The collection only disposes its elements; handing them out one by one lets the caller keep some
            // (the key/value cache) without a copy.
            return [.. session.Run(runOptions, inputNames, inputs, outputNames)];
        }
        catch (OnnxRuntimeException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The ONNX Runtime run was terminated.", e, cancellationToken);
        }
    }
}
