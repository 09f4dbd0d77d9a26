using BatchWorkers.Seq2Seq.Pipelines;

namespace BatchWorkers.Worker.TextGeneration;

/// <summary>The chunk processor of each text task.</summary>
public sealed class TextProcessors(IServiceProvider services)
{
    private readonly Dictionary<Seq2SeqTask, TextGenerationProcessor> _processors = Enum.GetValues<Seq2SeqTask>()
        .ToDictionary(task => task, task => ActivatorUtilities.CreateInstance<TextGenerationProcessor>(services, task));

    public TextGenerationProcessor For(Seq2SeqTask task) => _processors[task];
}
