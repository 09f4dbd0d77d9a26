using BatchWorkers.Seq2Seq.Generation;
using BatchWorkers.Seq2Seq.Tests.Support;

namespace BatchWorkers.Seq2Seq.Tests.Generation;

public sealed class GenerationConfigLoaderTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Load_MarianFolder_ReadsBadWordsAndPadAsDecoderStart()
    {
        _folder.Write("config.json", """
            { "model_type": "marian", "vocab_size": 58101, "pad_token_id": 58100, "eos_token_id": 0,
              "decoder_start_token_id": 58100, "max_length": 512, "num_beams": 4 }
            """);
        _folder.Write("generation_config.json", """
            { "bad_words_ids": [[58100]], "bos_token_id": 0, "decoder_start_token_id": 58100, "eos_token_id": 0,
              "forced_eos_token_id": 0, "max_length": 512, "num_beams": 6, "pad_token_id": 58100 }
            """);

        GenerationConfig config = GenerationConfigLoader.Load(_folder.Path);

        Assert.Equal(58100, config.DecoderStartTokenId);
        Assert.Equal([0], config.EosTokenIds);
        Assert.Equal([0], config.ForcedEosTokenIds);
        Assert.Equal(58100, config.PadTokenId);
        Assert.Equal([58100], Assert.Single(config.BadWordsIds));
        Assert.Equal(6, config.NumBeams); // generation_config.json wins over config.json
        Assert.Equal(512, config.EffectiveMaxLength);
    }

    [Fact]
    public void Load_BartCnnFolder_ReadsEverySummarizationSetting()
    {
        _folder.Write("config.json", """{ "model_type": "bart", "forced_bos_token_id": 0 }""");
        _folder.Write("generation_config.json", """
            { "bos_token_id": 0, "decoder_start_token_id": 2, "early_stopping": true, "eos_token_id": 2,
              "forced_bos_token_id": 0, "forced_eos_token_id": 2, "length_penalty": 2.0, "max_length": 142,
              "min_length": 56, "no_repeat_ngram_size": 3, "num_beams": 4, "pad_token_id": 1 }
            """);

        GenerationConfig config = GenerationConfigLoader.Load(_folder.Path);

        Assert.Equal(
            new GenerationConfig
            {
                DecoderStartTokenId = 2,
                BosTokenId = 0,
                EosTokenIds = config.EosTokenIds,
                PadTokenId = 1,
                ForcedBosTokenId = 0,
                ForcedEosTokenIds = config.ForcedEosTokenIds,
                BadWordsIds = config.BadWordsIds,
                NumBeams = 4,
                LengthPenalty = 2.0,
                EarlyStopping = EarlyStopping.WhenFull,
                NoRepeatNgramSize = 3,
                MinLength = 56,
                MaxLength = 142,
            },
            config);
        Assert.Equal([2], config.EosTokenIds);
        Assert.Equal([2], config.ForcedEosTokenIds);
        Assert.Empty(config.BadWordsIds);
    }

    [Fact]
    public void Load_T5WithSummarizationTask_OverlaysTaskParams()
    {
        _folder.Write("config.json", """
            { "model_type": "t5", "decoder_start_token_id": 0, "eos_token_id": 1, "pad_token_id": 0,
              "task_specific_params": { "summarization": { "early_stopping": true, "length_penalty": 2.0,
                "max_length": 200, "min_length": 30, "no_repeat_ngram_size": 3, "num_beams": 4,
                "prefix": "summarize: " } } }
            """);
        _folder.Write("generation_config.json", """{ "decoder_start_token_id": 0, "eos_token_id": 1, "pad_token_id": 0 }""");

        GenerationConfig plain = GenerationConfigLoader.Load(_folder.Path);
        GenerationConfig summarization = GenerationConfigLoader.Load(_folder.Path, "summarization");

        Assert.Equal(1, plain.NumBeams);
        Assert.Equal(20, plain.MaxLength);
        Assert.Equal(4, summarization.NumBeams);
        Assert.Equal(200, summarization.MaxLength);
        Assert.Equal(30, summarization.MinLength);
        Assert.Equal(2.0, summarization.LengthPenalty);
        Assert.Equal(0, summarization.DecoderStartTokenId);
        Assert.Equal("summarize: ", GenerationConfigLoader.ReadTaskPrefix(_folder.Path, "summarization"));
        Assert.Null(GenerationConfigLoader.ReadTaskPrefix(_folder.Path, "translation_en_to_de"));
    }

    [Fact]
    public void Load_ListsNullsAndNever_AreUnderstood()
    {
        _folder.Write("config.json", """{ "decoder_start_token_id": 0, "forced_bos_token_id": 5, "max_new_tokens": 7 }""");
        _folder.Write("generation_config.json", """
            { "eos_token_id": [1, 2], "forced_bos_token_id": null, "early_stopping": "never",
              "bad_words_ids": [[3], [4, 5]] }
            """);

        GenerationConfig config = GenerationConfigLoader.Load(_folder.Path);

        Assert.Equal([1, 2], config.EosTokenIds);
        Assert.Equal(5, config.ForcedBosTokenId); // null in a later file counts as absent
        Assert.Equal(EarlyStopping.Never, config.EarlyStopping);
        Assert.Equal([4, 5], config.BadWordsIds[1]);
        Assert.Equal(8, config.EffectiveMaxLength);
    }

    [Fact]
    public void Load_NoDecoderStart_FallsBackToBos()
    {
        _folder.Write("generation_config.json", """{ "bos_token_id": 3 }""");

        Assert.Equal(3, GenerationConfigLoader.Load(_folder.Path).DecoderStartTokenId);
    }

    [Fact]
    public void Load_NeitherDecoderStartNorBos_Throws()
    {
        _folder.Write("config.json", """{ "model_type": "t5" }""");

        var error = Assert.Throws<InvalidDataException>(() => GenerationConfigLoader.Load(_folder.Path));
        Assert.Contains("decoder_start_token_id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WrongType_ThrowsNamingTheKey()
    {
        _folder.Write("config.json", """{ "decoder_start_token_id": 0, "num_beams": "four" }""");

        var error = Assert.Throws<InvalidDataException>(() => GenerationConfigLoader.Load(_folder.Path));
        Assert.Contains("num_beams", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NoJsonFiles_ThrowsFileNotFound() =>
        Assert.Throws<FileNotFoundException>(() => GenerationConfigLoader.Load(_folder.Path));
}
