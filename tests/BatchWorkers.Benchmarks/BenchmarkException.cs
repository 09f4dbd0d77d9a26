namespace BatchWorkers.Benchmarks;

/// <summary>A failure that makes the measurement meaningless; the benchmark stops and exits non-zero.</summary>
public sealed class BenchmarkException(string message) : Exception(message);
