using BatchWorkers.Seq2Seq.Generation;
using BatchWorkers.Seq2Seq.Tests.Generation.Support;

namespace BatchWorkers.Seq2Seq.Tests.Generation;

public sealed class GenerationOverridesTests
{
    private static readonly GenerationConfig Model = Configs.Toy with { NumBeams = 4, MaxLength = 142, MinLength = 56 };

    [Fact]
    public void With_ValidOverrides_ReplacesOnlyWhatIsSet()
    {
        GenerationConfig config = Model.With(new GenerationOverrides { NumBeams = 2, LengthPenalty = -1.5, EarlyStopping = EarlyStopping.Never });

        Assert.Equal(Model with { NumBeams = 2, LengthPenalty = -1.5, EarlyStopping = EarlyStopping.Never }, config);
    }

    [Fact]
    public void With_MaxNewTokens_CountsOnTopOfTheStartToken() =>
        Assert.Equal(65, Model.With(new GenerationOverrides { MaxNewTokens = 64 }).EffectiveMaxLength);

    [Fact]
    public void With_MaxLength_IsNotShadowedByTheModelsMaxNewTokens() =>
        Assert.Equal(30, (Model with { MaxNewTokens = 100 }).With(new GenerationOverrides { MaxLength = 30 }).EffectiveMaxLength);

    [Theory]
    [InlineData("num_beams", "between 1 and 16")]
    [InlineData("max_new_tokens", "between 1 and 1024")]
    [InlineData("max_length", "between 2 and 1025")]
    [InlineData("min_length", "between 0 and 1024")]
    [InlineData("no_repeat_ngram_size", "between 0 and 10")]
    [InlineData("length_penalty", "between −5 and 5")]
    public void With_OutOfRange_ThrowsNamingTheParameterAndRange(string parameter, string range)
    {
        foreach (GenerationOverrides overrides in OutOfRange(parameter))
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => Model.With(overrides));
            Assert.Equal(parameter, error.ParamName);
            Assert.Contains(range, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void With_MaxLengthAndMaxNewTokens_Throws() =>
        Assert.Throws<ArgumentException>(() => Model.With(new GenerationOverrides { MaxLength = 10, MaxNewTokens = 10 }));

    [Fact]
    public void With_MinLengthAboveTheMaximum_ThrowsNamingBoth()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Model.With(new GenerationOverrides { MinLength = 40, MaxNewTokens = 20 }));

        Assert.Equal("min_length", error.ParamName);
        Assert.Contains("21", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_BoundaryValues_AreAccepted()
    {
        GenerationConfig config = Model.With(new GenerationOverrides
        {
            NumBeams = 16,
            LengthPenalty = 5,
            NoRepeatNgramSize = 10,
            MinLength = 0,
            MaxNewTokens = 1024,
        });

        Assert.Equal(1025, config.EffectiveMaxLength);
    }

    private static GenerationOverrides[] OutOfRange(string parameter) => parameter switch
    {
        "num_beams" => [new() { NumBeams = 0 }, new() { NumBeams = 17 }],
        "max_new_tokens" => [new() { MaxNewTokens = 0 }, new() { MaxNewTokens = 1025 }],
        "max_length" => [new() { MaxLength = 1 }, new() { MaxLength = 1026 }],
        "min_length" => [new() { MinLength = -1 }, new() { MinLength = 1025 }],
        "no_repeat_ngram_size" => [new() { NoRepeatNgramSize = -1 }, new() { NoRepeatNgramSize = 11 }],
        "length_penalty" => [new() { LengthPenalty = -5.5 }, new() { LengthPenalty = 6 }, new() { LengthPenalty = double.NaN }],
        _ => throw new ArgumentOutOfRangeException(nameof(parameter), parameter, null),
    };
}
