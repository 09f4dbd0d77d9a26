namespace BatchWorkers.Worker.Models;

/// <summary>A model artifact whose sha256 is not the one in the registry: it is refused, never run.</summary>
public sealed class ModelIntegrityException(string message) : Exception(message);
