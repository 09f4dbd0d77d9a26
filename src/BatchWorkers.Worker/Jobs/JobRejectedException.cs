namespace BatchWorkers.Worker.Jobs;

/// <summary>
/// A submission that cannot become a runnable job (unknown model, no items, absurd parameters).
/// <see cref="Code"/> is stable for programs; the message says what to do next.
/// </summary>
public sealed class JobRejectedException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;

    public bool IsNotFound => Code == JobRejectionCodes.ModelNotFound;
}

public static class JobRejectionCodes
{
    public const string ModelNotFound = "model.not_found";
    public const string NoItems = "job.no_items";
    public const string TooManyItems = "job.too_many_items";
    public const string InvalidParameters = "job.invalid_parameters";
    public const string UnsupportedType = "job.unsupported_type";
}
