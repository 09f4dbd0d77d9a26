namespace BatchWorkers.Contracts;

/// <summary>
/// How long a job's data is kept, applied by the worker's recurring retention job (within minutes). Counts of what
/// was removed are recorded; the content is gone for good.
/// </summary>
public sealed record RetentionSettings
{
    /// <summary>Delete the items' inputs (bytes, text, references) once the job is finished; results are kept.</summary>
    public bool DeleteInputsOnCompletion { get; init; }

    /// <summary>
    /// Delete the job's inputs and results this long after it finished (1 minute to 3650 days); the job's record stays,
    /// so asking for its results answers "purged". Null keeps them (subject to the worker's global retention).
    /// </summary>
    public TimeSpan? TimeToLive { get; init; }
}
