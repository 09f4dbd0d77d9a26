namespace BatchWorkers.Contracts;

/// <summary>Which items of a job get an explanation report.</summary>
public enum ExplainMode
{
    /// <summary>No reports.</summary>
    None,

    /// <summary><see cref="ExplainSettings.SampleSize"/> items spread evenly over the job.</summary>
    Sample,

    /// <summary>Every item that succeeded.</summary>
    All,
}

/// <summary>
/// Explanation reports for a job's predictions: image saliency (occlusion, RISE) with a heatmap, or source-token
/// attribution for translations and summaries. They run apart from inference and never change a result.
/// </summary>
public sealed record ExplainSettings
{
    /// <summary>Default <see cref="ExplainMode.None"/> (or the worker's configured default when the whole setting is absent).</summary>
    public ExplainMode Mode { get; init; } = ExplainMode.None;

    /// <summary>Items to explain with <see cref="ExplainMode.Sample"/>. Default 5, 1–1000.</summary>
    public int SampleSize { get; init; } = 5;

    /// <summary>Most model evaluations per explained item (cost grows with it). Null: the worker's default.</summary>
    public int? Budget { get; init; }
}
