namespace BatchWorkers.Seq2Seq.Tests.Generation.Support;

/// <summary>The toy vocabulary: start (also pad), EOS and four words.</summary>
internal static class Tokens
{
    public const int Start = 0;
    public const int Eos = 1;
    public const int A = 2;
    public const int B = 3;
    public const int C = 4;
    public const int D = 5;
    public const int VocabSize = 6;
}
