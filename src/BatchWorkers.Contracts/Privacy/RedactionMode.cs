namespace BatchWorkers.Contracts;

/// <summary>
/// Where a job's personal data (e-mail addresses, phone numbers, card numbers, IBANs, IP addresses and configured
/// patterns) is replaced by typed placeholders such as <c>[EMAIL]</c>. The worker has a configured default.
/// </summary>
public enum RedactionMode
{
    /// <summary>Nothing is masked.</summary>
    None,

    /// <summary>Masked in what is persisted (inputs kept for audit, outputs, explanation reports); the model sees the original.</summary>
    Stored,

    /// <summary>As <see cref="Stored"/>, and masked before the model sees the input too.</summary>
    All,
}
