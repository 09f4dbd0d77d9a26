namespace BatchWorkers.Contracts;

/// <summary>
/// An image with its correct label, for training a model: inline <see cref="Data"/>, a <see cref="Uri"/>, or a
/// correction of a past prediction (<see cref="FromJobId"/> and <see cref="FromItemIndex"/>: that item's input).
/// </summary>
public sealed record LabelledExample
{
    public required string Label { get; init; }

    public byte[]? Data { get; init; }

    public string? Uri { get; init; }

    public Guid? FromJobId { get; init; }

    public int? FromItemIndex { get; init; }

    public static LabelledExample Correction(Guid jobId, int itemIndex, string label) =>
        new() { Label = label, FromJobId = jobId, FromItemIndex = itemIndex };
}

/// <summary>Published (or posted to <c>POST /api/models/{name}/examples</c>) to add labelled examples for a model.</summary>
public sealed record AddLabelledExamples
{
    public required string Model { get; init; }

    public required IReadOnlyList<LabelledExample> Examples { get; init; }
}

/// <summary>What adding examples did: how many were new, already known, or refused (with the reason per index).</summary>
public sealed record LabelledExamplesAdded(string Model, int Added, int AlreadyPresent, IReadOnlyDictionary<int, string> Refused);
