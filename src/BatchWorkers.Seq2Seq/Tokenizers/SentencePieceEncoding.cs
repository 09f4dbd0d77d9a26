using Microsoft.ML.Tokenizers;

namespace BatchWorkers.Seq2Seq.Tokenizers;

/// <summary>SentencePiece encoding shared by the Marian and T5 tokenizers.</summary>
internal static class SentencePieceEncoding
{
    /// <summary>
    /// Encodes <paramref name="text"/> into pieces without BOS or EOS. SentencePiece merges a run of unknown
    /// characters into one unknown piece, while Microsoft.ML.Tokenizers emits one per character; the run is
    /// merged here so the ids match the reference tokenizer.
    /// </summary>
    public static List<EncodedToken> EncodePieces(SentencePieceTokenizer tokenizer, string text)
    {
        IReadOnlyList<EncodedToken> tokens = tokenizer.EncodeToTokens(
            text, out _, addBeginningOfSentence: false, addEndOfSentence: false);
        var merged = new List<EncodedToken>(tokens.Count);
        foreach (EncodedToken token in tokens)
        {
            bool continuesUnknownRun = token.Id == tokenizer.UnknownId
                && merged.Count > 0
                && merged[^1].Id == tokenizer.UnknownId;
            if (continuesUnknownRun)
            {
                EncodedToken previous = merged[^1];
                merged[^1] = new EncodedToken(
                    previous.Id, previous.Value + token.Value, new Range(previous.Offset.Start, token.Offset.End));
            }
            else
            {
                merged.Add(token);
            }
        }

        return merged;
    }
}
