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
                        task.MaxValue = Math.Max(job.TotalItems, 1);
                        task.Value = job.CompletedItems;
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

    private static string Description(JobStatus job) => $"{Display.State(job.State)} {job.CompletedItems}/{job.TotalItems} items";
}
