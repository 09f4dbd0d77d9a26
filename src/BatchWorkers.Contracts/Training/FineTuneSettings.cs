namespace BatchWorkers.Contracts;

/// <summary>How a fine-tune job trains: from scratch, on top of an existing model's features, or distilled from it.</summary>
public enum FineTuneMode
{
    Scratch,
    Transfer,
    Distill,
}

/// <summary>
/// What a fine-tune job trains on and how. Exactly one data source: <see cref="ManifestUri"/>, the model's stored
/// labelled examples (<see cref="UseLabelledExamples"/>), or the built-in synthetic shapes (<see cref="SyntheticShapes"/>).
/// </summary>
public sealed record FineTuneSettings
{
    /// <summary>Default <see cref="FineTuneMode.Scratch"/>.</summary>
    public FineTuneMode Mode { get; init; } = FineTuneMode.Scratch;

    /// <summary>The existing model a transfer or distillation starts from (its production version unless pinned).</summary>
    public string? BaseModel { get; init; }

    public string? BaseModelVersion { get; init; }

    /// <summary>A CSV or JSON-lines manifest of <c>image,label</c> rows (<c>file://</c> or <c>http(s)://</c>).</summary>
    public string? ManifestUri { get; init; }

    /// <summary>Train on the labelled examples stored for the model (added through the API or messages).</summary>
    public bool UseLabelledExamples { get; init; }

    /// <summary>Train on generated images of shapes (fixed seed): the quickstart's dataset.</summary>
    public bool SyntheticShapes { get; init; }

    /// <summary>Images per class of the synthetic dataset. Default 250.</summary>
    public int SyntheticImagesPerClass { get; init; } = 250;

    /// <summary>Training image size in pixels (square). Default 32.</summary>
    public int ImageSize { get; init; } = 32;

    /// <summary>Default 25.</summary>
    public int Epochs { get; init; } = 25;

    /// <summary>Default 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Default 0.003.</summary>
    public double LearningRate { get; init; } = 0.003;

    /// <summary>Stop after this many epochs without improvement. Default 6.</summary>
    public int Patience { get; init; } = 6;

    /// <summary>Share of the data held out for evaluation. Default 0.2.</summary>
    public double HoldOutFraction { get; init; } = 0.2;

    /// <summary>
    /// Seeds initialisation, shuffling and augmentation. Default 7; every seed learns the synthetic shapes (seeds
    /// 1–10 and 42 are measured in docs/benchmarks.md).
    /// </summary>
    public int Seed { get; init; } = 7;

    /// <summary>Distillation temperature for the teacher's soft targets. Default 4.</summary>
    public double Temperature { get; init; } = 4;

    /// <summary>Promote the result when it passes the gate. Default true.</summary>
    public bool PromoteIfBetter { get; init; } = true;
}

/// <summary>Published by other services to train a new version of <see cref="Model"/>.</summary>
public sealed record SubmitFineTuneJob
{
    public required string Model { get; init; }

    public required FineTuneSettings Settings { get; init; }

    public JobPriority Priority { get; init; } = JobPriority.Normal;

    public string? IdempotencyKey { get; init; }
}
