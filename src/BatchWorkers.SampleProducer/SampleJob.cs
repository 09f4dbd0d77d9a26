using BatchWorkers.Contracts;

namespace BatchWorkers.SampleProducer;

/// <summary>A job this program submits, and what it expects the worker to make of it.</summary>
public sealed record SampleJob(string Title, SubmitImageClassificationJob Message, IReadOnlyList<SampleImage> Images, JobState ExpectedState)
{
    public string Key => Message.IdempotencyKey!;

    public static SampleJob Create(string title, string model, JobPriority priority, IReadOnlyList<SampleImage> images, JobState expected) =>
        new(title, new SubmitImageClassificationJob
        {
            Model = model,
            Priority = priority,
            TopK = 3,
            IdempotencyKey = $"sample-{title.Replace(' ', '-')}-{Guid.NewGuid():N}",
            Items = images.Select(i => JobItem.FromBytes(i.Bytes, i.Name)).ToList(),
        }, images, expected);
}
