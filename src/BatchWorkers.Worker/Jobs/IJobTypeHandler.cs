using BatchWorkers.Contracts;

namespace BatchWorkers.Worker.Jobs;

/// <summary>
/// What the job machinery needs from a job type. Each task folder registers one, so <c>Jobs</c> never reaches into
/// a task's folder. A type is either chunked (<see cref="IChunkedJobType"/>) or runs as one piece of work
/// (<see cref="ISingleRunJobType"/>).
/// </summary>
public interface IJobTypeHandler
{
    JobType Type { get; }

    /// <summary>The job's parameters, as stored JSON, from an HTTP submission.</summary>
    /// <exception cref="JobRejectedException">When a parameter is out of range.</exception>
    string ParametersFrom(SubmitJobRequest request);

    /// <summary>Checks the model and parameters; returns the model version to pin the job to, if any.</summary>
    /// <exception cref="JobRejectedException">When the job cannot run.</exception>
    Task<string?> ValidateAsync(JobSubmission submission, CancellationToken cancellationToken);
}

/// <summary>A job type whose items are split into chunks, each a message any worker replica may take.</summary>
public interface IChunkedJobType : IJobTypeHandler
{
    /// <summary>The chunk message, published with the job's priority to this type's queue.</summary>
    object CreateChunkMessage(Guid jobId, int chunkIndex);
}

/// <summary>
/// A job type that is one long piece of work (training): the job gets a single item, whose result is the
/// work's report, and the type starts the work itself (as a Hangfire job).
/// </summary>
public interface ISingleRunJobType : IJobTypeHandler
{
    /// <summary>The name of the job's single item, e.g. "training run".</summary>
    string RunName { get; }

    Task StartAsync(Guid jobId, CancellationToken cancellationToken);
}
