using BatchWorkers.Seq2Seq.Generation;

namespace BatchWorkers.Seq2Seq.Tests.Generation.Support;

internal static class Configs
{
    /// <summary>Start token 0, EOS 1, max length 20, otherwise transformers' defaults (greedy).</summary>
    public static GenerationConfig Toy { get; } = new()
    {
        DecoderStartTokenId = Tokens.Start,
        EosTokenIds = [Tokens.Eos],
        MaxLength = 20,
    };

    public static GenerationConfig Beams(int numBeams, double lengthPenalty = 1.0, EarlyStopping earlyStopping = EarlyStopping.Heuristic) =>
        Toy with { NumBeams = numBeams, LengthPenalty = lengthPenalty, EarlyStopping = earlyStopping };

    public static GeneratedSequence GenerateOne(ToyModel model, GenerationConfig config) =>
        SequenceGenerator.Generate(new TableDecoderSession(model), config, CancellationToken.None).Single();
}
