namespace BatchWorkers.Seq2Seq.Generation;

/// <summary>Why a generated sequence ended.</summary>
public enum FinishReason
{
    /// <summary>The model produced an end-of-sequence token (included in the sequence).</summary>
    EndOfSequence,

    /// <summary>The sequence reached the maximum length without an end-of-sequence token.</summary>
    MaxLength,
}
