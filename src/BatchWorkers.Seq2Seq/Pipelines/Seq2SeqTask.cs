namespace BatchWorkers.Seq2Seq.Pipelines;

/// <summary>What a seq2seq model is used for; picks <c>task_specific_params</c> and how long inputs are split.</summary>
public enum Seq2SeqTask
{
    /// <summary>Documents are split into sentences, each translated, then reassembled in order.</summary>
    Translation,

    /// <summary>Texts beyond the input limit are summarized in segments, then the joined summaries once more.</summary>
    Summarization,
}
