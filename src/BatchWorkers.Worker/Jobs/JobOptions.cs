using System.ComponentModel.DataAnnotations;

namespace BatchWorkers.Worker.Jobs;

/// <summary>Section <c>Jobs</c>: how jobs are split and guarded.</summary>
public sealed class JobOptions
{
    public const string Section = "Jobs";

    /// <summary>Items per chunk message. Default 32: a chunk takes seconds, far below RabbitMQ's consumer timeout.</summary>
    [Range(1, 10_000)]
    public int ChunkSize { get; set; } = 32;

    /// <summary>Largest accepted job. Default 100,000 items.</summary>
    [Range(1, 10_000_000)]
    public int MaxItemsPerJob { get; set; } = 100_000;

    /// <summary>A pending chunk not finished this long after dispatch is dispatched again. Default 10 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan ChunkRedispatchAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Finished jobs older than this are purged by the retention job; null (the default) keeps them forever.</summary>
    public TimeSpan? RetainFinishedJobsFor { get; set; }
}
