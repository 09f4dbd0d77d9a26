using BatchWorkers.Contracts;
using Spectre.Console;

namespace BatchWorkers.Cli.Commands.Submit;

/// <summary>A progress bar fed by polling <c>GET /api/jobs/{id}</c> until the job is final.</summary>
internal static class JobProgress
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public static async Task<JobStatus> FollowAsync(CliContext context, BatchWorkersApiClient client, JobStatus job, CancellationToken ct)
    {
        try
        {
            return await context.Out.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask(Description(job), maxValue: Math.Max(job.TotalItems, 1));
                    while (!job.IsFinal)
                    {
                        await Task.Delay(PollInterval, context.Time, ct);
                        job = await client.GetJobAsync(job.Id, ct);
                        (task.MaxValue, task.Value) = Fraction(job);
                        task.Description = Description(job);
                    }

                    task.Value = task.MaxValue;
                    return job;
                });
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            context.Error.MarkupLine($"Stopped waiting; the job goes on. Follow it with [bold]bw status {job.Id}[/].");
            throw;
        }
    }

    // A training run reports epochs; other jobs report items.
    private static (double Max, double Value) Fraction(JobStatus job) =>
        Epochs(job) is var (epoch, total) && total > 0 ? (total, epoch) : (Math.Max(job.TotalItems, 1), job.CompletedItems);

    private static (int Epoch, int Total)? Epochs(JobStatus job) =>
        job.RunProgress is { } p && p.TryGetProperty("epoch", out var epoch) && p.TryGetProperty("totalEpochs", out var total)
            ? (epoch.GetInt32(), total.GetInt32())
            : null;

    private static string Description(JobStatus job) => job.RunProgress is { } p && Epochs(job) is var (epoch, total)
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{Display.State(job.State)} epoch {epoch}/{total}, loss {p.GetProperty("loss").GetDouble():0.###}, accuracy {p.GetProperty("accuracy").GetDouble():P0}")
        : $"{Display.State(job.State)} {job.CompletedItems}/{job.TotalItems} items";
}
