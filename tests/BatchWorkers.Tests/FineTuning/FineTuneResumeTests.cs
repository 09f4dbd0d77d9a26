using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;

namespace BatchWorkers.Tests.FineTuning;

/// <summary>
/// A worker killed (SIGKILL: a crash) or stopped (SIGTERM: a deploy, a drain) in the middle of training: another
/// replica picks the run up and resumes from its checkpoint; a stop is not a cancellation.
/// </summary>
public sealed class FineTuneResumeTests(FineTuneResumeTests.Fixture fixture) : IClassFixture<FineTuneResumeTests.Fixture>
{
    /// <summary>The in-process worker takes no training, so the run lands on the worker process the test kills.</summary>
    public sealed class Fixture : WorkerFixture
    {
        public string Checkpoints { get; } = Directory.CreateTempSubdirectory("bw-resume-").FullName;

        protected override void Configure(Dictionary<string, string> settings)
        {
            settings["FineTuning:CheckpointRoot"] = Checkpoints;
            settings["FineTuning:ProgressInterval"] = "00:00:00.200";
            settings["Scheduling:InvisibilityTimeout"] = "00:00:03";
            settings["Scheduling:TrainingConcurrency"] = "0";
        }
    }

    [Theory]
    [InlineData("killed")]
    [InlineData("stopped")]
    public async Task WorkerInterruptedMidTraining_AnotherWorkerResumesFromTheLastCheckpoint(string interruption)
    {
        var name = $"resumed-{interruption}";
        var training = new Dictionary<string, string>(fixture.Settings) { ["Scheduling:TrainingConcurrency"] = "1" };
        foreach (var (key, value) in new[] { ("FineTuning:CheckpointRoot", fixture.Checkpoints), ("FineTuning:ProgressInterval", "00:00:00.200"), ("Scheduling:InvisibilityTimeout", "00:00:03") })
        {
            training[key] = value;
        }

        await using var doomed = await WorkerProcess.StartAsync(training, WorkerProcess.FreePort());
        var job = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.FineTune, Model = name,
            FineTune = new FineTuneSettings { SyntheticShapes = true, SyntheticImagesPerClass = 150, Epochs = 8, Patience = 8 },
        });
        var checkpoints = Path.Combine(fixture.Checkpoints, job.Id.ToString("N"));
        await Eventually.HoldsAsync(async () =>
            (await fixture.Api.GetJobAsync(job.Id)).RunProgress is { } p && p.GetProperty("epoch").GetInt32() >= 3
            && Directory.Exists(checkpoints) && Directory.EnumerateFiles(checkpoints, "*", SearchOption.AllDirectories).Any(),
            "a few epochs and a checkpoint", TimeSpan.FromMinutes(3));

        if (interruption == "killed")
        {
            doomed.Kill();
        }
        else
        {
            await doomed.StopAsync();
            Assert.NotEqual(JobState.Cancelled, (await fixture.Api.GetJobAsync(job.Id)).State);
        }

        await using var survivor = await WorkerProcess.StartAsync(training, WorkerProcess.FreePort());
        var status = await fixture.WaitForFinalAsync(job.Id, TimeSpan.FromMinutes(4));
        var model = Assert.Single(await fixture.Api.ListModelsAsync(), m => m.Name == name);

        Assert.Equal(JobState.Succeeded, status.State);
        Assert.True(model.Metrics!.Value.GetProperty("resumedAfterEpoch").GetInt32() >= 1, $"metrics: {model.Metrics}");
        Assert.Equal(8, model.Metrics!.Value.GetProperty("epochs").GetArrayLength());
    }
}
