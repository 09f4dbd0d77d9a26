namespace BatchWorkers.Seq2Seq.Tokenizers;

/// <summary>The seq2seq model families the engine knows, named after <c>config.json</c>'s <c>model_type</c>.</summary>
public enum ModelFamily
{
    /// <summary>Marian <c>opus-mt-*</c> translation models: <c>source.spm</c> pieces mapped through <c>vocab.json</c>.</summary>
    Marian,

    /// <summary>BART and DistilBART: GPT-2 byte-level BPE from <c>vocab.json</c> and <c>merges.txt</c>.</summary>
    Bart,

    /// <summary>T5: a SentencePiece unigram <c>spiece.model</c> plus 100 <c>&lt;extra_id_N&gt;</c> sentinels.</summary>
    T5,
}
