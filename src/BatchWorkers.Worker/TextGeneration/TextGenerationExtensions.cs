using BatchWorkers.Contracts;
using BatchWorkers.Worker.Explainability;
using BatchWorkers.Worker.Jobs;
using BatchWorkers.Worker.Models;
using BatchWorkers.Worker.Summarization;
using BatchWorkers.Worker.Translation;
using MassTransit;

namespace BatchWorkers.Worker.TextGeneration;

/// <summary>Translation and summarization: two job types on one seq2seq engine.</summary>
public static class TextGenerationExtensions
{
    public static WebApplicationBuilder AddTextGeneration(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TextGenerationOptions>().BindConfiguration(TextGenerationOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<Seq2SeqPipelineCache>();
        builder.Services.AddSingleton<IModelUnloader>(sp => sp.GetRequiredService<Seq2SeqPipelineCache>());
        builder.Services.AddSingleton<TextItemReader>();
        builder.Services.AddSingleton<TextProcessors>();
        builder.Services.AddSingleton<IJobTypeHandler, TextJobType<TranslateTextsChunk>>();
        builder.Services.AddSingleton<IJobTypeHandler, TextJobType<SummarizeTextsChunk>>();
        foreach (var type in new[] { JobType.Translation, JobType.Summarization })
        {
            builder.Services.AddSingleton<IItemExplainer>(sp => ActivatorUtilities.CreateInstance<TextAttributionExplainer>(sp, type));
        }
        return builder;
    }

    public static void AddTextGenerationConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<SubmitTranslationJobConsumer, SubmitTranslationJobConsumerDefinition>();
        bus.AddConsumer<SubmitSummarizationJobConsumer, SubmitSummarizationJobConsumerDefinition>();
        AddChunkConsumers<TranslateTextsChunk>(bus);
        AddChunkConsumers<SummarizeTextsChunk>(bus);
    }

    private static void AddChunkConsumers<TChunk>(IBusRegistrationConfigurator bus)
        where TChunk : class, ITextChunk
    {
        bus.AddConsumer<TextChunkConsumer<TChunk>, TextChunkConsumerDefinition<TChunk>>();
        bus.AddConsumer<TextChunkFaultConsumer<TChunk>>().Endpoint(e => e.Name = $"{TChunk.QueueName}-faults");
    }
}
