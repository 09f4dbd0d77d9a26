using BatchWorkers.Seq2Seq.Generation;

namespace BatchWorkers.Seq2Seq.Pipelines;

/// <summary>A generated sequence and its share of the time of the batch it ran in.</summary>
/// <param name="Sequence">The generated ids and why generation stopped.</param>
/// <param name="GenerateMs">The batch's encoder and decoder time divided by its sources.</param>
public sealed record BatchedSequence(GeneratedSequence Sequence, double GenerateMs);
