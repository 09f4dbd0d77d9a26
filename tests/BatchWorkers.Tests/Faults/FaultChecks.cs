using System.Diagnostics;
using System.Text.Json;
using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;

namespace BatchWorkers.Tests.Faults;

/// <summary>
/// What must hold after every fault, checked by SQL on the database: every job final and announced, every item with
/// exactly one result or one recorded error, every report stored once, and every surviving worker serving again.
/// </summary>
public static class FaultChecks
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);
    private static readonly string[] ChunkQueues = ["classify-images", "translate-texts", "summarize-texts"];

    public static async Task<FaultRow> VerifyAsync(FaultCluster cluster, string fault, FaultWorkload workload, Stopwatch sinceFault)
    {
        var ids = workload.Ids;
        try
        {
            await FaultCluster.WaitAsync(
                async () => await cluster.ScalarAsync("select count(*) from jobs where id = any(@ids) and finished_at is not null", ("ids", ids)) == ids.Length,
                $"every job to reach a final state after: {fault}", Deadline);
        }
        catch (TimeoutException ex)
        {
            // Say which jobs hang and where, since the database is dropped when the suite ends.
            var hanging = await cluster.StringsAsync("""
                select j.job_type || ' ' || j.state || ', pending chunks: ' || (select count(*) from job_chunks c where c.job_id = j.id and c.state = 'Pending')
                    || ', hangfire: ' || coalesce((select string_agg(h.statename || ' ' || coalesce(s.reason, ''), '; ') from hangfire.job h
                        left join hangfire.state s on s.id = h.stateid where h.arguments::text like '%' || j.id || '%'), 'none')
                from jobs j where j.id = any(@ids) and j.finished_at is null
                """, ("ids", ids));
            throw new TimeoutException($"{ex.Message} Unfinished: {string.Join(" | ", hanging)}", ex);
        }

        var recovery = sinceFault.Elapsed;
        var reports = workload.Jobs.Sum(j => j.Reports);
        await FaultCluster.WaitAsync(
            async () => await cluster.ScalarAsync("select count(*) from explanations where job_id = any(@ids) and state <> 'pending'", ("ids", ids)) == reports,
            $"every report to be computed after: {fault}", Deadline);
        await FaultCluster.WaitAsync(
            async () => await cluster.ScalarAsync("select count(*) from jobs where id = any(@ids) and event_published_at is not null", ("ids", ids)) == ids.Length,
            "every job's final event to go out", Deadline);

        var items = 0;
        foreach (var job in workload.Jobs)
        {
            items += await CheckResultsAsync(cluster, job);
            await CheckReportsAsync(cluster, job);
        }

        // A training run repeated after an outage must not register its model twice.
        Assert.Equal(1, await cluster.ScalarAsync("select count(*) from model_versions where produced_by_job = @id", ("id", workload.FineTune.Id)));

        // The fault costs nothing: the corrupt image is the only item with an error (no chunk.failed from a retry
        // budget spent while a service was down).
        Assert.Equal(
            [$"{workload.Images.Id}:{FaultWorkload.CorruptImageIndex}:{ItemErrorCodes.ImageCorrupt}"],
            await cluster.StringsAsync("select job_id || ':' || item_index || ':' || error_code from item_results where job_id = any(@ids) and not succeeded", ("ids", ids)));
        items += await CheckWorkersServeAsync(cluster);
        return new FaultRow(fault, ids.Length + 1, items, reports, cluster.Workers.Count, recovery, "passed");
    }

    /// <summary>Exactly one row per item (the primary key forbids two), none missing, none outside the job, each a result or an error.</summary>
    private static async Task<int> CheckResultsAsync(FaultCluster cluster, FaultJob job)
    {
        var id = ("id", (object)job.Id);
        Assert.Equal(job.Items, await cluster.ScalarAsync("select total_items from jobs where id = @id", id));
        Assert.Equal(job.Items, await cluster.ScalarAsync(
            "select count(distinct item_index) from item_results where job_id = @id and item_index >= 0 and item_index < @n", id, ("n", job.Items)));
        Assert.Equal(job.Items, await cluster.ScalarAsync("select count(*) from item_results where job_id = @id", id));
        Assert.Equal(0, await cluster.ScalarAsync(
            "select count(*) from item_results where job_id = @id and not (succeeded and output is not null or not succeeded and error_code is not null)", id));
        Assert.Equal(0, await cluster.ScalarAsync("select count(*) from job_chunks where job_id = @id and state = 'Pending'", id));
        var state = Assert.Single(await cluster.StringsAsync("select state from jobs where id = @id", id));
        Assert.True(state is "Succeeded" or "PartiallySucceeded", $"{job.Type} job {job.Id} ended {state}");
        return job.Items;
    }

    /// <summary>Each report requested is stored, once, with its files: none lost, none left pending, none failed.</summary>
    private static async Task CheckReportsAsync(FaultCluster cluster, FaultJob job)
    {
        var id = ("id", (object)job.Id);
        Assert.Equal(job.Reports, await cluster.ScalarAsync("select count(*) from explanations where job_id = @id", id));
        Assert.Equal(job.Reports, await cluster.ScalarAsync("select count(*) from explanations where job_id = @id and state = 'done' and report is not null", id));
        Assert.Equal(job.Reports, await cluster.ScalarAsync("select count(distinct item_index) from explanation_assets where job_id = @id", id));
    }

    /// <summary>
    /// Every surviving worker answers its readiness probe, consumes every chunk queue again, and a job submitted now
    /// finishes: recovery with no restart by hand.
    /// </summary>
    private static async Task<int> CheckWorkersServeAsync(FaultCluster cluster)
    {
        foreach (var worker in cluster.Workers)
        {
            using var http = new HttpClient { BaseAddress = worker.Address };
            await FaultCluster.WaitAsync(async () => (await http.GetAsync("health/ready")).IsSuccessStatusCode, $"worker {worker.Id} to be ready", Deadline);
        }

        foreach (var queue in ChunkQueues)
        {
            await FaultCluster.WaitAsync(async () => await ConsumersAsync(cluster, queue) == cluster.Workers.Count, $"each worker to consume {queue}", Deadline);
        }

        const int ProbeItems = 12;
        var probe = await cluster.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.ImageClassification, Model = TestModels.Colours,
            Items = [.. TestImages.Mixed(ProbeItems).Select(i => JobItem.FromBytes(i.Bytes))],
        });
        await FaultCluster.WaitAsync(
            async () => await cluster.ScalarAsync("select count(*) from jobs where id = @id and state = 'Succeeded'", ("id", probe.Id)) == 1,
            "a job submitted after the fault to succeed", Deadline);
        Assert.Equal(ProbeItems, await cluster.ScalarAsync("select count(*) from item_results where job_id = @id and succeeded", ("id", probe.Id)));
        return ProbeItems;
    }

    private static async Task<int> ConsumersAsync(FaultCluster cluster, string queue)
    {
        using var response = await cluster.VirtualHost.GetAsync($"queues/{{vhost}}/{queue}");
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("consumers").GetInt32();
    }
}
