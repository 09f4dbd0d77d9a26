using BatchWorkers.Contracts;

namespace BatchWorkers.Worker.Jobs;

/// <summary>
/// What the job machinery needs from a job type: checking a submission and the message that carries one of its
/// chunks. Each task folder registers one, so <c>Jobs</c> never reaches into a task's folder.
/// </summary>
public interface IJobTypeHandler
{
    JobType Type { get; }

    /// <summary>Checks the model and parameters; returns the model version to pin the job to.</summary>
    /// <exception cref="JobRejectedException">When the job cannot run.</exception>
    Task<string> ValidateAsync(JobSubmission submission, CancellationToken cancellationToken);

    /// <summary>The chunk message, published with the job's priority to this type's queue.</summary>
    object CreateChunkMessage(Guid jobId, int chunkIndex);
}
