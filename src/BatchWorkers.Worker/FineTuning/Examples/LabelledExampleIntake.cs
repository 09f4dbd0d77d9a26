using BatchWorkers.Contracts;
using BatchWorkers.Worker.Jobs;
using BatchWorkers.Worker.Models;

namespace BatchWorkers.Worker.FineTuning.Examples;

/// <summary>Checks and stores labelled examples from any intake; each bad example is refused alone, with its reason.</summary>
public sealed class LabelledExampleIntake(LabelledExampleStore store, JobStore jobs)
{
    public const int MaxLabelLength = 200;

    public async Task<LabelledExamplesAdded> AddAsync(AddLabelledExamples request, string source, CancellationToken cancellationToken)
    {
        if (!ModelStore.IsSafeSegment(request.Model ?? ""))
        {
            throw new JobRejectedException(JobRejectionCodes.InvalidParameters, $"'{request.Model}' is not a valid model name (letters, digits, '.', '_' and '-').");
        }

        var (added, present) = (0, 0);
        var refused = new Dictionary<int, string>();
        var examples = request.Examples ?? [];
        for (var index = 0; index < examples.Count; index++)
        {
            var example = examples[index];
            var (content, problem) = await ContentOfAsync(example, cancellationToken);
            if (problem is not null)
            {
                refused[index] = problem;
                continue;
            }

            var isCorrection = example.FromJobId is not null;
            var isNew = await store.AddAsync(
                request.Model!, example.Label.Trim(), content!.Value.Data, content.Value.Uri, isCorrection ? "correction" : source,
                example.FromJobId, example.FromItemIndex, cancellationToken);
            (added, present) = isNew ? (added + 1, present) : (added, present + 1);
        }

        return new LabelledExamplesAdded(request.Model!, added, present, refused);
    }

    private async Task<((byte[]? Data, string? Uri)? Content, string? Problem)> ContentOfAsync(LabelledExample example, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(example.Label) || example.Label.Length > MaxLabelLength)
        {
            return (null, $"The label must be 1 to {MaxLabelLength} characters.");
        }

        var sources = (example.Data is null ? 0 : 1) + (example.Uri is null ? 0 : 1) + (example.FromJobId is null ? 0 : 1);
        if (sources != 1)
        {
            return (null, "Set exactly one of data, uri, or fromJobId with fromItemIndex.");
        }

        if (example.FromJobId is { } jobId)
        {
            var input = await jobs.GetItemInputAsync(jobId, example.FromItemIndex ?? -1, cancellationToken);
            return input is null ? (null, $"Job {jobId} has no item {example.FromItemIndex}.") : (input, null);
        }

        if (example.Data is { Length: 0 })
        {
            return (null, "The example's data is empty.");
        }

        return ((example.Data, example.Uri), null);
    }
}
