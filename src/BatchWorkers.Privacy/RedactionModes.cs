using BatchWorkers.Contracts;

namespace BatchWorkers.Privacy;

/// <summary>What each <see cref="RedactionMode"/> masks, so that callers test intent rather than enum order.</summary>
public static class RedactionModes
{
    /// <summary>True when what is persisted (audit inputs, outputs, reports) must be redacted.</summary>
    public static bool MasksStored(this RedactionMode mode) => mode is RedactionMode.Stored or RedactionMode.All;

    /// <summary>True when the model must only see redacted input.</summary>
    public static bool MasksModelInput(this RedactionMode mode) => mode is RedactionMode.All;
}
