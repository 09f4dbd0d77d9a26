namespace BatchWorkers.Seq2Seq.Generation.Processors;

/// <summary>
/// The processors a <see cref="GenerationConfig"/> asks for, in transformers' order: no-repeat n-gram, bad
/// words, min length, forced BOS, forced EOS (forced tokens last, so they win).
/// </summary>
internal sealed class LogitsProcessorPipeline
{
    private readonly ILogitsProcessor[] _processors;

    private LogitsProcessorPipeline(ILogitsProcessor[] processors) => _processors = processors;

    /// <exception cref="InvalidOperationException">A token id in the settings lies outside the vocabulary.</exception>
    public static LogitsProcessorPipeline Create(GenerationConfig config, int vocabSize)
    {
        CheckIds(config, vocabSize);
        var processors = new List<ILogitsProcessor>();
        if (config.NoRepeatNgramSize > 0)
        {
            processors.Add(new NoRepeatNgramProcessor(config.NoRepeatNgramSize));
        }

        if (config.BadWordsIds.Count > 0)
        {
            processors.Add(new BadWordsProcessor(config.BadWordsIds, config.EosTokenIds));
        }

        if (config.MinLength > 0 && config.EosTokenIds.Count > 0)
        {
            processors.Add(new MinLengthProcessor(config.MinLength, config.EosTokenIds));
        }

        if (config.ForcedBosTokenId is int bos)
        {
            processors.Add(ForcedTokenProcessor.Bos(bos));
        }

        if (config.ForcedEosTokenIds.Count > 0)
        {
            processors.Add(ForcedTokenProcessor.Eos(config.EffectiveMaxLength, config.ForcedEosTokenIds));
        }

        return new LogitsProcessorPipeline([.. processors]);
    }

    public void Process(IReadOnlyList<int> sequence, Span<float> scores)
    {
        foreach (ILogitsProcessor processor in _processors)
        {
            processor.Process(sequence, scores);
        }
    }

    private static void CheckIds(GenerationConfig config, int vocabSize)
    {
        void Check(string name, IEnumerable<int> ids)
        {
            foreach (int id in ids)
            {
                if (id < 0 || id >= vocabSize)
                {
                    throw new InvalidOperationException(
                        $"{name} holds token id {id}, outside the model's vocabulary of {vocabSize}.");
                }
            }
        }

        Check("decoder_start_token_id", [config.DecoderStartTokenId]);
        Check("eos_token_id", config.EosTokenIds);
        Check("forced_bos_token_id", config.ForcedBosTokenId is int bos ? [bos] : []);
        Check("forced_eos_token_id", config.ForcedEosTokenIds);
        Check("bad_words_ids", config.BadWordsIds.SelectMany(words => words));
    }
}
