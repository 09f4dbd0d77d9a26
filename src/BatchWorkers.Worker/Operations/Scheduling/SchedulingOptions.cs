using System.ComponentModel.DataAnnotations;

namespace BatchWorkers.Worker.Operations.Scheduling;

/// <summary>Section <c>Scheduling</c>: the Hangfire server of this replica.</summary>
public sealed class SchedulingOptions
{
    public const string Section = "Scheduling";

    /// <summary>Queues this server takes work from, in priority order. Default (when none is configured): maintenance, default.</summary>
    /// <remarks>Empty rather than pre-filled: the configuration binder appends to an array, so a default here could not be replaced.</remarks>
    public string[] Queues { get; set; } = [];

    /// <summary>The queues in effect: <see cref="Queues"/>, or maintenance and default.</summary>
    public string[] EffectiveQueues => Queues.Length > 0 ? Queues : ["maintenance", "default"];

    /// <summary>
    /// How long a fetched job stays invisible to other servers. The storage keeps extending it while the job runs
    /// (sliding), so a training run longer than this is never started a second time by another replica. Default 5 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Training jobs (queue <c>training</c>) this replica runs at once. Default 1: one training saturates the cores.</summary>
    [Range(0, 16)]
    public int TrainingConcurrency { get; set; } = 1;

    /// <summary>Hangfire workers in this replica for the other queues. Default 2.</summary>
    [Range(1, 64)]
    public int WorkerCount { get; set; } = 2;

    /// <summary>Cron of the stuck-chunk sweeper. Default every minute.</summary>
    [Required]
    public string RedispatchCron { get; set; } = "* * * * *";

    /// <summary>Cron of the retention purge. Default 03:17 daily (it does nothing unless retention is configured).</summary>
    [Required]
    public string RetentionPurgeCron { get; set; } = "17 3 * * *";

    /// <summary>Cron of the per-job retention (inputs deleted on completion, time to live). Default every 5 minutes.</summary>
    [Required]
    public string JobRetentionCron { get; set; } = "*/5 * * * *";
}
