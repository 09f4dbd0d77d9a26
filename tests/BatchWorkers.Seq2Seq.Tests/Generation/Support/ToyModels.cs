using static BatchWorkers.Seq2Seq.Tests.Generation.Support.Tokens;

namespace BatchWorkers.Seq2Seq.Tests.Generation.Support;

/// <summary>The toy models the tests work out by hand.</summary>
internal static class ToyModels
{
    /// <summary>
    /// Greedy takes A (0.5) then C (0.4): A C EOS, p = 0.20. Beam search finds B EOS, p = 0.36.
    /// </summary>
    public static ToyModel BeamBeatsGreedy() => new ToyModel()
        .After(Start, (A, 0.5), (B, 0.4), (Eos, 0.1))
        .After(A, (C, 0.4), (D, 0.35), (Eos, 0.25))
        .After(B, (Eos, 0.9), (C, 0.1))
        .After(C, (Eos, 1.0))
        .After(D, (Eos, 1.0));

    /// <summary>
    /// Two short hypotheses (EOS, A EOS) finish early; the long A C D EOS is better per token.
    /// </summary>
    public static ToyModel LateBloomer() => new ToyModel()
        .After(Start, (A, 0.6), (Eos, 0.25), (B, 0.15))
        .After(A, (C, 0.7), (Eos, 0.3))
        .After(B, (Eos, 1.0))
        .After(C, (D, 0.9), (Eos, 0.1))
        .After(D, (Eos, 1.0));

    /// <summary>
    /// EOS and B EOS finish at once; A C D EOS is better per token but looks hopeless at length 2, so only
    /// early_stopping "never" (best case scored at max_length) keeps searching for it.
    /// </summary>
    public static ToyModel SlowStarter() => new ToyModel()
        .After(Start, (Eos, 0.5), (B, 0.3), (A, 0.2))
        .After(A, (C, 1.0))
        .After(B, (Eos, 1.0))
        .After(C, (D, 1.0))
        .After(D, (Eos, 1.0));

    /// <summary>
    /// Step 2 ranks A EOS, A C, B EOS, B C. B EOS ranks third, below num_beams = 2, so it must be ignored; kept,
    /// it would fill the second slot and early stopping would end the search before A C EOS is found.
    /// </summary>
    public static ToyModel LowRankedEos() => new ToyModel()
        .After(Start, (A, 0.5), (B, 0.4), (Eos, 0.1))
        .After(A, (Eos, 0.5), (C, 0.4), (D, 0.1))
        .After(B, (Eos, 0.45), (C, 0.35), (D, 0.2))
        .After(C, (Eos, 1.0))
        .After(D, (Eos, 1.0));

    /// <summary>A B A B … forever, with C and EOS as weak alternatives.</summary>
    public static ToyModel Repeating() => new ToyModel()
        .After(Start, (A, 0.9), (C, 0.1))
        .After(A, (B, 0.9), (C, 0.08), (Eos, 0.02))
        .After(B, (A, 0.9), (Eos, 0.1))
        .After(C, (Eos, 1.0));

    /// <summary>EOS is always the most likely next token.</summary>
    public static ToyModel EagerToStop() => new ToyModel()
        .After(Start, (Eos, 0.6), (A, 0.4))
        .After(A, (Eos, 0.7), (B, 0.3))
        .After(B, (Eos, 1.0))
        .After(C, (Eos, 1.0));

    /// <summary>A fixed greedy path of <paramref name="words"/> then EOS.</summary>
    public static ToyModel Path(params int[] words)
    {
        var model = new ToyModel();
        int previous = Start;
        foreach (int word in words)
        {
            model.After(previous, (word, 0.8), (Eos, 0.2));
            previous = word;
        }

        return model.After(previous, (Eos, 1.0));
    }
}
