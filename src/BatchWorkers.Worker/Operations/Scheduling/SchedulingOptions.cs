using System.ComponentModel.DataAnnotations;

namespace BatchWorkers.Worker.Operations.Scheduling;

/// <summary>Section <c>Scheduling</c>: the Hangfire server of this replica.</summary>
public sealed class SchedulingOptions
{
    public const string Section = "Scheduling";

    /// <summary>Queues this server takes work from, in priority order. Default: maintenance, default.</summary>
    [MinLength(1)]
    public string[] Queues { get; set; } = ["maintenance", "default"];

    /// <summary>Hangfire workers in this replica. Default 2.</summary>
    [Range(1, 64)]
    public int WorkerCount { get; set; } = 2;

    /// <summary>Cron of the stuck-chunk sweeper. Default every minute.</summary>
    [Required]
    public string RedispatchCron { get; set; } = "* * * * *";

    /// <summary>Cron of the retention purge. Default 03:17 daily (it does nothing unless retention is configured).</summary>
    [Required]
    public string RetentionPurgeCron { get; set; } = "17 3 * * *";
}
