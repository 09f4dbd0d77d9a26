using System.ComponentModel.DataAnnotations;

namespace BatchWorkers.Worker.FineTuning;

/// <summary>Section <c>FineTuning</c>.</summary>
public sealed class FineTuneOptions
{
    public const string Section = "FineTuning";

    /// <summary>Where training runs keep their epoch checkpoints (one folder per job). Default <c>checkpoints</c>.</summary>
    [Required]
    public string CheckpointRoot { get; set; } = "checkpoints";

    /// <summary>Largest dataset a fine-tune job loads into memory. Default 100,000 images.</summary>
    [Range(10, 10_000_000)]
    public int MaxImages { get; set; } = 100_000;

    /// <summary>
    /// libtorch CPU threads for training (process-wide). Default 1: on a shared machine libtorch's spinning threads
    /// make two threads several times slower than one; raise it on a machine dedicated to training.
    /// </summary>
    [Range(1, 256)]
    public int CpuThreads { get; set; } = 1;

    /// <summary>Models retrained on a schedule from their labelled examples. Default none.</summary>
    public List<NightlyRetrainingOptions> Nightly { get; set; } = [];

    /// <summary>How often a running training checks for cancellation and saves its progress. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>One model's scheduled retraining (<c>FineTuning:Nightly:N</c>).</summary>
public sealed class NightlyRetrainingOptions
{
    /// <summary>The model to retrain. Required.</summary>
    [Required]
    public string Model { get; set; } = "";

    /// <summary>Cron, in UTC. Default 02:00 every day.</summary>
    [Required]
    public string Cron { get; set; } = "0 2 * * *";

    /// <summary>Skip the night when fewer labelled examples than this were added since the last version. Default 20.</summary>
    [Range(1, 1_000_000)]
    public int MinNewExamples { get; set; } = 20;

    /// <summary>Epochs of each retraining. Default 25.</summary>
    [Range(1, 500)]
    public int Epochs { get; set; } = 25;
}
