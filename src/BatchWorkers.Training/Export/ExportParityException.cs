namespace BatchWorkers.Training.Export;

/// <summary>The exported ONNX model does not compute what the TorchSharp model computes.</summary>
public sealed class ExportParityException : Exception
{
    /// <summary>Creates the exception from the measured difference.</summary>
    public ExportParityException(double maxAbsDifference, double tolerance, int images)
        : base($"ONNX Runtime and TorchSharp outputs differ by up to {maxAbsDifference:G4} on {images} images (tolerance {tolerance:G4}).")
    {
        MaxAbsDifference = maxAbsDifference;
        Tolerance = tolerance;
    }

    /// <summary>Creates the exception with a default message.</summary>
    public ExportParityException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ExportParityException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public ExportParityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The largest absolute difference between any two corresponding outputs.</summary>
    public double MaxAbsDifference { get; }

    /// <summary>The largest difference allowed.</summary>
    public double Tolerance { get; }
}
