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

    /// <summary>Retries of a failing chunk or submission before it goes to the error queue. Default 4.</summary>
    [Range(0, 20)]
    public int RetryCount { get; set; } = 4;

    /// <summary>First retry delay; later ones grow exponentially up to <see cref="RetryMaxInterval"/>. Default 0.5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryMinInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest retry delay. Default 15 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryMaxInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Finished jobs older than this are purged by the retention job; null (the default) keeps them forever.</summary>
    public TimeSpan? RetainFinishedJobsFor { get; set; }
}
