using BatchWorkers.Contracts;
using BatchWorkers.Privacy;

namespace BatchWorkers.Worker.Privacy.Redaction;

/// <summary>Section <c>Privacy</c>: redaction of personal data in text jobs.</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>Redaction for jobs that do not say. Default <see cref="RedactionMode.None"/>.</summary>
    public RedactionMode DefaultRedaction { get; set; } = RedactionMode.None;

    /// <summary>Extra patterns (name → .NET regular expression), masked as <c>[NAME]</c>. Default none.</summary>
    public Dictionary<string, string> CustomPatterns { get; set; } = [];
}
