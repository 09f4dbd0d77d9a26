using BatchWorkers.Contracts;
using Spectre.Console;

namespace BatchWorkers.SampleProducer;

/// <summary>Shows a progress bar per job until the worker's final event for each has arrived.</summary>
public static class JobProgress
{
    public static async Task<(Dictionary<string, string> Outcomes, Dictionary<string, Guid> JobIds)> TrackAsync(
        IReadOnlyList<SampleJob> jobs, JobEvents events, BatchWorkersApiClient api, CancellationToken cancellationToken)
    {
        var outcomes = new Dictionary<string, string>();
        var jobIds = new Dictionary<string, Guid>();
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            // No terminal to redraw (CI, a pipe): one line per job as it finishes.
            foreach (var job in jobs)
            {
                outcomes[job.Key] = await events.Finished(job.Key).WaitAsync(cancellationToken);
                jobIds[job.Key] = await events.Accepted(job.Key);
                AnsiConsole.MarkupLine($"  {Markup.Escape(job.Title)}: {Markup.Escape(outcomes[job.Key].Split(':')[0])}");
            }

            return (outcomes, jobIds);
        }

        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var bars = jobs.ToDictionary(j => j.Key, j => context.AddTask(Markup.Escape(j.Title), maxValue: j.Images.Count));
                while (outcomes.Count < jobs.Count)
                {
                    foreach (var job in jobs.Where(j => !outcomes.ContainsKey(j.Key)))
                    {
                        var finished = events.Finished(job.Key);
                        if (finished.IsCompleted)
                        {
                            outcomes[job.Key] = await finished;
                            bars[job.Key].Value = bars[job.Key].MaxValue;
                            bars[job.Key].Description = $"{Markup.Escape(job.Title)} [grey]({Markup.Escape(outcomes[job.Key].Split(':')[0])})[/]";
                        }
                        else if (events.Accepted(job.Key) is { IsCompleted: true } accepted)
                        {
                            jobIds[job.Key] = await accepted;
                            bars[job.Key].Value = (await api.GetJobAsync(jobIds[job.Key], cancellationToken)).CompletedItems;
                        }
                    }

                    // Screen refresh pacing only; completion is signalled by the events above.
                    await Task.WhenAny(Task.WhenAll(jobs.Select(j => events.Finished(j.Key))), Task.Delay(250, cancellationToken));
                    cancellationToken.ThrowIfCancellationRequested();
                }
            });

        foreach (var job in jobs.Where(j => !jobIds.ContainsKey(j.Key) && events.Accepted(j.Key).IsCompleted))
        {
            jobIds[job.Key] = await events.Accepted(job.Key);
        }

        return (outcomes, jobIds);
    }
}
