using BatchWorkers.Onnx.Samples;
using BatchWorkers.Seq2Seq.Pipelines;
using BatchWorkers.Seq2Seq.Tests.Support;

namespace BatchWorkers.Seq2Seq.Tests.Pipelines;

/// <summary>The designed sample translator and summarizer, written once per test class and loaded as pipelines.</summary>
public sealed class SampleModelsFixture : IDisposable
{
    private readonly TempDirectory _folder = new();

    public SampleModelsFixture()
    {
        SampleTextModels.WriteTranslator(_folder.File("translator"));
        SampleTextModels.WriteSummarizer(_folder.File("summarizer"));
        Translator = Seq2SeqPipeline.Load(_folder.File("translator"), Seq2SeqTask.Translation);
        Summarizer = Seq2SeqPipeline.Load(_folder.File("summarizer"), Seq2SeqTask.Summarization);
    }

    public Seq2SeqPipeline Translator { get; }

    public Seq2SeqPipeline Summarizer { get; }

    public void Dispose()
    {
        Translator.Dispose();
        Summarizer.Dispose();
        _folder.Dispose();
    }
}
