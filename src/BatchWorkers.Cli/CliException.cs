namespace BatchWorkers.Cli;

/// <summary>A mistake the user can fix (a missing file, a bad URL); printed without a stack trace, exit code 1.</summary>
public sealed class CliException(string message) : Exception(message);
