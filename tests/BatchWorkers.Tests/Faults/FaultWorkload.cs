using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;

namespace BatchWorkers.Tests.Faults;

/// <summary>A job of the workload and how many results and reports it must end with.</summary>
public sealed record FaultJob(Guid Id, JobType Type, int Items, int Reports);

/// <summary>
/// Real jobs of every type, submitted together before a fault: images on the slow classifier (one corrupt file, two
/// explained items), translations with every item explained, summaries with beam search, and a fine-tune on the
/// synthetic shapes (its training report included).
/// </summary>
public sealed class FaultWorkload
{
    public const int ImageItems = 160;
    public const int CorruptImageIndex = 7;
    private const int TextItems = 24;

    private FaultWorkload(IReadOnlyList<FaultJob> jobs, string fineTuneModel)
    {
        Jobs = jobs;
        FineTuneModel = fineTuneModel;
    }

    public IReadOnlyList<FaultJob> Jobs { get; }
    public string FineTuneModel { get; }
    public FaultJob Images => Jobs.Single(j => j.Type == JobType.ImageClassification);
    public FaultJob Translation => Jobs.Single(j => j.Type == JobType.Translation);
    public FaultJob FineTune => Jobs.Single(j => j.Type == JobType.FineTune);
    public Guid[] Ids => [.. Jobs.Select(j => j.Id)];

    /// <summary>Submits the workload; <paramref name="epochs"/> sets how long training runs (long enough to kill it mid-way).</summary>
    public static async Task<FaultWorkload> SubmitAsync(FaultCluster cluster, string fault, int epochs = 3)
    {
        var api = cluster.Api;
        var image = TestImages.Solid(TestImages.Green, 256, 256);
        var images = await api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.ImageClassification, Model = FaultCluster.ImageModel,
            Explain = new ExplainSettings { Mode = ExplainMode.Sample, SampleSize = 2, Budget = 64 },
            Items = [.. Enumerable.Range(0, ImageItems).Select(i => JobItem.FromBytes(i == CorruptImageIndex ? [0x89, 0x50, 0x4e, 0x47, 1, 2, 3] : image))],
        });
        var translation = await api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.Translation, Model = TestModels.Translator,
            Explain = new ExplainSettings { Mode = ExplainMode.All, Budget = 200 },
            Items = [.. Enumerable.Range(0, TextItems).Select(i => JobItem.FromText($"Good morning, my friend number {i}. We love the garden and the house."))],
        });
        var summaries = await api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.Summarization, Model = TestModels.Summarizer, Generation = new GenerationSettings { NumBeams = 2 },
            Explain = new ExplainSettings { Mode = ExplainMode.Sample, SampleSize = 2, Budget = 200 },
            Items = [.. Enumerable.Range(0, TextItems).Select(i => JobItem.FromText($"The meeting number {i} starts at nine. Everyone brings notes. Lunch follows."))],
        });
        var model = $"faults-{fault}";
        var fineTune = await api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.FineTune, Model = model,
            FineTune = new FineTuneSettings { SyntheticShapes = true, SyntheticImagesPerClass = 80, Epochs = epochs, Patience = epochs },
        });
        return new FaultWorkload(
        [
            new(images.Id, JobType.ImageClassification, ImageItems, 2),
            new(translation.Id, JobType.Translation, TextItems, TextItems),
            new(summaries.Id, JobType.Summarization, TextItems, 2),
            new(fineTune.Id, JobType.FineTune, 1, 1),
        ], model);
    }
}
