using Npgsql;

namespace BatchWorkers.Benchmarks.Explanations;

/// <summary>Where a job's explanation reports stand, from the worker's <c>explanations</c> table.</summary>
public sealed record ExplanationProgress(int Done, int Pending, int Failed, IReadOnlyList<DateTime> CompletedAt, string? FirstError)
{
    public static async Task<ExplanationProgress> ReadAsync(NpgsqlDataSource db, Guid jobId, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("select state, completed_at, error from explanations where job_id = @jobId");
        command.Parameters.AddWithValue("jobId", jobId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var (done, pending, failed) = (0, 0, 0);
        var completed = new List<DateTime>();
        string? error = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            switch (reader.GetString(0))
            {
                case "done":
                    done++;
                    completed.Add(reader.GetDateTime(1));
                    break;
                case "failed":
                    failed++;
                    error ??= reader.IsDBNull(2) ? null : reader.GetString(2);
                    break;
                default:
                    pending++;
                    break;
            }
        }

        completed.Sort();
        return new ExplanationProgress(done, pending, failed, completed, error);
    }

    /// <summary>Gaps between consecutive completions after <paramref name="since"/>: with one report at a time, each gap is one report.</summary>
    public IEnumerable<double> MillisecondsBetweenCompletions(DateTime since)
    {
        var after = CompletedAt.Where(t => t > since).ToList();
        return after.Zip(after.Skip(1), (a, b) => (b - a).TotalMilliseconds);
    }
}
