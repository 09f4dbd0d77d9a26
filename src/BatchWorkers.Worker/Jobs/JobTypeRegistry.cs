using BatchWorkers.Contracts;

namespace BatchWorkers.Worker.Jobs;

public sealed class JobTypeRegistry(IEnumerable<IJobTypeHandler> handlers)
{
    private readonly Dictionary<JobType, IJobTypeHandler> _handlers = handlers.ToDictionary(h => h.Type);

    /// <summary>The types this worker runs as one piece of work, which the maintenance sweep may have to start again.</summary>
    public IReadOnlyCollection<JobType> SingleRunTypes => [.. _handlers.Values.OfType<ISingleRunJobType>().Select(h => h.Type)];

    public IJobTypeHandler Get(JobType type) =>
        _handlers.TryGetValue(type, out var handler)
            ? handler
            : throw new JobRejectedException(JobRejectionCodes.UnsupportedType,
                $"Job type '{type}' is not supported by this worker. Supported: {string.Join(", ", _handlers.Keys)}.");
}
