using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;

namespace BatchWorkers.Tests.Privacy;

/// <summary>
/// Key rotation under a kill: the worker process running the rotation is SIGKILLed mid-way; every row stays readable
/// (on the old key or the new), and another worker finishes the rotation when Hangfire hands the job on.
/// </summary>
public sealed class KeyRotationKillTests(KeyRotationKillTests.Fixture fixture) : IClassFixture<KeyRotationKillTests.Fixture>
{
    /// <summary>The in-process worker seals with k1 and takes no maintenance work, so the rotation runs in the processes.</summary>
    public sealed class Fixture : WorkerFixture
    {
        protected override void Configure(Dictionary<string, string> settings)
        {
            foreach (var (key, value) in Keys("k1"))
            {
                settings[key] = value;
            }

            settings["Scheduling:Queues:0"] = "default";
        }

        public static Dictionary<string, string> Keys(string active) => new()
        {
            ["Encryption:Keys:k1"] = EncryptionAtRestTests.Fixture.Key1,
            ["Encryption:Keys:k2"] = EncryptionAtRestTests.Fixture.Key2,
            ["Encryption:ActiveKeyId"] = active,
        };
    }

    [Fact]
    public async Task WorkerKilledMidRotation_EveryRowReadable_AnotherWorkerFinishes()
    {
        var images = Enumerable.Range(0, 600).Select(i => JobItem.FromBytes(TestImages.Solid(i % 2 == 0 ? TestImages.Red : TestImages.Blue))).ToList();
        var job = await fixture.Api.SubmitAsync(new SubmitJobRequest { Type = JobType.ImageClassification, Model = TestModels.Colours, Sensitive = true, Items = images });
        Assert.Equal(JobState.Succeeded, (await fixture.WaitForFinalAsync(job.Id, TimeSpan.FromMinutes(2))).State);
        var sealedRows = await OnKeyAsync("k1");
        Assert.Equal(1200, sealedRows);

        var rotating = new Dictionary<string, string>(fixture.Settings)
        {
            ["Scheduling:Queues:0"] = "maintenance", ["Scheduling:InvisibilityTimeout"] = "00:00:03", ["Encryption:RotationBatchSize"] = "1",
        };
        foreach (var (key, value) in Fixture.Keys("k2"))
        {
            rotating[key] = value;
        }

        await using var doomed = await WorkerProcess.StartAsync(rotating, WorkerProcess.FreePort());
        using (var http = new HttpClient { BaseAddress = doomed.Address })
        {
            (await http.PostAsync("api/admin/rotate-data-keys", null)).EnsureSuccessStatusCode();
        }

        await Eventually.HoldsAsync(async () => await OnKeyAsync("k2") >= 50, "the rotation to be under way");
        doomed.Kill();
        var movedBeforeKill = await OnKeyAsync("k2");

        Assert.InRange(movedBeforeKill, 50, sealedRows - 1);
        Assert.Equal(sealedRows, movedBeforeKill + await OnKeyAsync("k1"));
        await AssertEveryResultReadableAsync(job.Id, images.Count);

        await using var survivor = await WorkerProcess.StartAsync(rotating, WorkerProcess.FreePort());
        await Eventually.HoldsAsync(async () => await OnKeyAsync("k1") == 0, "the rotation to finish on the surviving worker", TimeSpan.FromMinutes(2));

        Assert.Equal(sealedRows, await OnKeyAsync("k2"));
        await AssertEveryResultReadableAsync(job.Id, images.Count);
    }

    private async Task<long> OnKeyAsync(string keyId) =>
        await fixture.ScalarAsync("select count(*) from job_items where input_key_id = @key", ("key", keyId))
        + await fixture.ScalarAsync("select count(*) from item_results where output_key_id = @key", ("key", keyId));

    private async Task AssertEveryResultReadableAsync(Guid jobId, int count)
    {
        var results = await fixture.ResultsAsync(jobId);
        Assert.Equal(count, results.Count(r => r.Succeeded && r.Output is not null));
    }
}
