namespace BatchWorkers.Worker.Jobs;

/// <summary>
/// A job type's pipeline: turns the pending items of a chunk into one outcome each. Problems with an item
/// become that item's error outcome; only failures of the whole chunk (database, model crash) throw.
/// </summary>
public interface IChunkProcessor
{
    Task<IReadOnlyList<ItemOutcome>> ProcessAsync(JobRecord job, IReadOnlyList<PendingItem> items, CancellationToken cancellationToken);
}
