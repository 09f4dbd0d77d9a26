namespace BatchWorkers.Seq2Seq.Tokenizers;

/// <summary>
/// Turns text into encoder input ids and generated ids back into text, as the family's reference
/// (Hugging Face) tokenizer does.
/// </summary>
public interface ISeq2SeqTokenizer
{
    /// <summary>The model family this tokenizer belongs to.</summary>
    ModelFamily Family { get; }

    /// <summary>Number of ids the tokenizer can produce (T5: SentencePiece pieces plus the extra ids).</summary>
    int VocabSize { get; }

    /// <summary>Id of the padding token, used to pad encoder batches.</summary>
    int PadTokenId { get; }

    /// <summary>Id of the end-of-sequence token that <see cref="Encode"/> appends.</summary>
    int EosTokenId { get; }

    /// <summary>Id that text outside the vocabulary maps to.</summary>
    int UnknownTokenId { get; }

    /// <summary>The family's usual first decoder token; <c>config.json</c> has the final say.</summary>
    int DecoderStartTokenId { get; }

    /// <summary>Encodes <paramref name="text"/> into encoder input ids, with the family's special tokens added.</summary>
    IReadOnlyList<int> Encode(string text);

    /// <summary>Decodes generated ids to text, dropping special tokens and restoring spacing.</summary>
    string Decode(IEnumerable<int> ids);

    /// <summary>
    /// The text one id stands for where it sits in a sequence, for showing tokens one by one (attribution): a
    /// word-initial piece keeps its leading space (SentencePiece's <c>▁</c>, byte-level BPE's <c>Ġ</c>), a special
    /// token shows its name (<c>&lt;/s&gt;</c>), and an id the tokenizer has no piece for gives an empty string.
    /// Joining the texts of an encoded input gives back its text, up to normalisation and unknown pieces.
    /// </summary>
    /// <remarks>The default decodes the id alone, which loses the leading space in most families.</remarks>
    string TokenText(int id) => Decode([id]);
}
