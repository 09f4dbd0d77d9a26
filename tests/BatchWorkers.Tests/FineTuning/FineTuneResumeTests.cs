using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;
using BatchWorkers.Worker.FineTuning;
using BatchWorkers.Worker.Models.Registry;
using Microsoft.Extensions.DependencyInjection;

namespace BatchWorkers.Tests.FineTuning;

/// <summary>
/// A worker killed (SIGKILL: a crash) or stopped (SIGTERM: a deploy, a drain) in the middle of training: another
/// replica picks the run up and resumes from its checkpoint; a stop is not a cancellation. A run that got as far as
/// registering its version is finished with that version, not trained again.
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

    [Fact]
    public async Task RunAgainAfterItsVersionWasRegistered_FinishesWithThatVersionInsteadOfTrainingAnother()
    {
        const string name = "registered-before-outage";
        var job = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.FineTune, Model = name,
            FineTune = new FineTuneSettings { SyntheticShapes = true, SyntheticImagesPerClass = 40, Epochs = 1 },
        });
        // Where an earlier run stopped: its version registered, then the database went away before the job's result
        // was recorded (found with the fault suite, PostgreSQL killed at that moment: the retry trained version 2).
        var registry = fixture.Worker.Services.GetRequiredService<ModelRegistry>();
        await registry.RegisterAsync(new NewModelVersion(name, "1", JobType.ImageClassification, $"/nowhere/{name}/1", new string('0', 64),
            """{"accuracy":0.9,"macroF1":0.88,"bestEpoch":1,"epochsRun":1,"device":"cpu","trainingSeconds":2.5}""", null, job.Id), CancellationToken.None);
        var checkpoints = Directory.CreateDirectory(Path.Combine(fixture.Checkpoints, job.Id.ToString("N"))).FullName;
        await File.WriteAllTextAsync(Path.Combine(checkpoints, "epoch-1.pt"), "");

        await using (var scope = fixture.Worker.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<FineTuneRunner>().RunAsync(job.Id, null, CancellationToken.None);
        }

        var status = await fixture.WaitForFinalAsync(job.Id);
        var output = Assert.Single(await fixture.ResultsAsync(job.Id)).Output!.Value;
        Assert.Equal(JobState.Succeeded, status.State);
        Assert.Equal("1", output.GetProperty("version").GetString());
        Assert.Equal(0.9, output.GetProperty("accuracy").GetDouble());
        Assert.True(output.GetProperty("promoted").GetBoolean());
        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from model_versions where produced_by_job = @id", ("id", job.Id)));
        Assert.False(Directory.Exists(checkpoints));
    }
}
