using System.Text.Json;
using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;
using BatchWorkers.Training.Datasets;
using BatchWorkers.Training.Trainers;
using SkiaSharp;

namespace BatchWorkers.Tests.FineTuning;

/// <summary>Fine-tune jobs end to end: real TorchSharp training, ONNX export, registry, gate, and serving the result.</summary>
public sealed class FineTuneJobTests(FineTuneJobTests.Fixture fixture) : IClassFixture<FineTuneJobTests.Fixture>
{
    public sealed class Fixture : WorkerFixture
    {
        public string Checkpoints { get; } = Directory.CreateTempSubdirectory("bw-checkpoints-").FullName;

        protected override void Configure(Dictionary<string, string> settings)
        {
            settings["FineTuning:CheckpointRoot"] = Checkpoints;
            settings["FineTuning:ProgressInterval"] = "00:00:00.200";
        }
    }

    [Fact]
    public async Task FineTune_SyntheticShapes_TrainedExportedPromoted_ThenServesClassificationJobs()
    {
        var job = await SubmitAsync("shapes", new FineTuneSettings { SyntheticShapes = true });

        var status = await fixture.WaitForFinalAsync(job.Id, TimeSpan.FromMinutes(5));
        var report = Assert.Single(await fixture.ResultsAsync(job.Id));
        var output = report.Output!.Value;
        var model = Assert.Single(await fixture.Api.ListModelsAsync(), m => m.Name == "shapes");

        Assert.Equal(JobState.Succeeded, status.State);
        Assert.True(output.GetProperty("accuracy").GetDouble() >= 0.85, $"held-out accuracy {output.GetProperty("accuracy")}; {model.Metrics}");
        Assert.True(output.GetProperty("promoted").GetBoolean());
        Assert.Equal(ModelStage.Production, model.Stage);
        Assert.True(model.Metrics!.Value.GetProperty("parityMaxAbsDifference").GetDouble() <= 1e-4);
        Assert.Equal(["circle", "square", "triangle"], model.Labels);
        // Where it trained is recorded with the result and the version: CUDA exactly when TorchSharp finds it.
        var device = TrainingDevice.Name(TrainingDevice.Select());
        Assert.Equal(device, output.GetProperty("device").GetString());
        Assert.Equal(device, model.Metrics.Value.GetProperty("device").GetString());

        var (images, labels) = HeldOutShapes(24);
        var classify = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.ImageClassification, Model = "shapes", Items = [.. images.Select(i => JobItem.FromBytes(i))],
        });
        await fixture.WaitForFinalAsync(classify.Id);
        var predictions = (await fixture.ResultsAsync(classify.Id))
            .Select(r => r.Output!.Value.Deserialize<ClassificationOutput>(BatchWorkersJson.Options)!.TopK[0].Label).ToList();
        var correct = predictions.Zip(labels).Count(p => p.First == p.Second);
        Assert.True(correct >= 20, $"{correct}/24 shapes classified correctly by the served model");

        // The run's report: curves and confusion matrix as pictures, per-class metrics as data.
        await Eventually.HoldsAsync(async () => (await fixture.Api.GetJobAsync(job.Id)).Explanations is { Done: 1 }, "the training report");
        var training = await fixture.Api.GetExplanationAsync(job.Id, 0);
        Assert.Equal(["confusion.png", "curves.png"], training.Assets);
        using var curves = SkiaSharp.SKBitmap.Decode(await fixture.Api.GetExplanationAssetAsync(job.Id, 0, "curves.png"));
        Assert.True(curves.Width > 200 && curves.Height > 100);
        Assert.Equal(3, training.Report!.Value.GetProperty("metrics").GetProperty("classes").GetArrayLength());
    }

    [Fact]
    public async Task DistillAndTransfer_FromATrainedBaseModel_BothLearnAndRecordTheirMode()
    {
        var teacher = await SubmitAsync("teacher", new FineTuneSettings { SyntheticShapes = true });
        Assert.Equal(JobState.Succeeded, (await fixture.WaitForFinalAsync(teacher.Id, TimeSpan.FromMinutes(5))).State);

        var student = await SubmitAsync("student", new FineTuneSettings { Mode = FineTuneMode.Distill, BaseModel = "teacher", SyntheticShapes = true });
        var transfer = await SubmitAsync("transferred", new FineTuneSettings { Mode = FineTuneMode.Transfer, BaseModel = "teacher", SyntheticShapes = true });
        var studentStatus = await fixture.WaitForFinalAsync(student.Id, TimeSpan.FromMinutes(5));
        var transferStatus = await fixture.WaitForFinalAsync(transfer.Id, TimeSpan.FromMinutes(5));
        var models = await fixture.Api.ListModelsAsync();
        var studentModel = Assert.Single(models, m => m.Name == "student");
        var transferModel = Assert.Single(models, m => m.Name == "transferred");

        Assert.Equal((JobState.Succeeded, JobState.Succeeded), (studentStatus.State, transferStatus.State));
        Assert.Equal("Distill", studentModel.Metrics!.Value.GetProperty("mode").GetString());
        Assert.Equal("Transfer", transferModel.Metrics!.Value.GetProperty("mode").GetString());
        Assert.True(studentModel.Metrics.Value.GetProperty("accuracy").GetDouble() >= 0.85, $"student: {studentModel.Metrics}");
        Assert.True(transferModel.Metrics.Value.GetProperty("accuracy").GetDouble() >= 0.85, $"transfer: {transferModel.Metrics}");
        Assert.True(transferModel.Metrics.Value.GetProperty("parityMaxAbsDifference").GetDouble() <= 1e-4);
    }

    [Fact]
    public async Task FineTune_Cancelled_StopsAndKeepsItsLastCheckpoint()
    {
        var job = await SubmitAsync("cancel-me", new FineTuneSettings { SyntheticShapes = true, SyntheticImagesPerClass = 400, Epochs = 200, Patience = 100 });
        await Eventually.HoldsAsync(async () =>
            (await fixture.Api.GetJobAsync(job.Id)).RunProgress is { } p && p.GetProperty("epoch").GetInt32() >= 2,
            "two epochs of training", TimeSpan.FromMinutes(3));

        var hangfireJobId = await fixture.ScalarAsync(
            "select id from hangfire.job where invocationdata::text like '%FineTuneRunner%' and arguments::text like '%' || @id || '%'", ("id", job.Id.ToString()));
        var dashboardPage = await Eventually.ReturnsAsync(
            () => fixture.Http.GetStringAsync($"hangfire/jobs/details/{hangfireJobId}"), page => page.Contains("Training progress: epoch", StringComparison.Ordinal),
            "the training progress on the dashboard's job page");

        await fixture.Api.CancelAsync(job.Id);
        var status = await fixture.WaitForFinalAsync(job.Id);
        await Eventually.HoldsAsync(
            async () => await fixture.ScalarAsync("select count(*) from hangfire.job where statename = 'Processing'") == 0,
            "the training run to stop", TimeSpan.FromSeconds(30));

        Assert.Equal(JobState.Cancelled, status.State);
        Assert.Contains("of 200, step", dashboardPage, StringComparison.Ordinal);
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(fixture.Checkpoints, job.Id.ToString("N")), "*", SearchOption.AllDirectories));
        Assert.DoesNotContain(await fixture.Api.ListModelsAsync(), m => m.Name == "cancel-me");
    }

    [Fact]
    public async Task FineTune_ManifestWithOneClass_FailsWithTheReason()
    {
        var image = Path.Combine(fixture.InputRoot, "circle.png");
        await File.WriteAllBytesAsync(image, TestImages.Solid(TestImages.Red));
        var manifest = Path.Combine(fixture.InputRoot, "one-class.csv");
        await File.WriteAllTextAsync(manifest, $"image,label\n{new Uri(image).AbsoluteUri},circle\n{new Uri(image).AbsoluteUri},circle\n");

        var job = await SubmitAsync("one-class", new FineTuneSettings { ManifestUri = new Uri(manifest).AbsoluteUri, Epochs = 1 });
        var status = await fixture.WaitForFinalAsync(job.Id);
        var result = Assert.Single(await fixture.ResultsAsync(job.Id));

        Assert.Equal(JobState.Failed, status.State);
        Assert.Equal("dataset.invalid", result.ErrorCode);
        Assert.Contains("only one class", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FineTune_ManifestNamingAMissingFile_FailsNamingTheLine()
    {
        var present = Path.Combine(fixture.InputRoot, "square.png");
        await File.WriteAllBytesAsync(present, TestImages.Solid(TestImages.Blue));
        var manifest = Path.Combine(fixture.InputRoot, "missing.jsonl");
        await File.WriteAllTextAsync(manifest,
            $"{{\"image\":\"{new Uri(present).AbsoluteUri}\",\"label\":\"square\"}}\n{{\"image\":\"{new Uri(Path.Combine(fixture.InputRoot, "gone.png")).AbsoluteUri}\",\"label\":\"circle\"}}\n");

        var job = await SubmitAsync("missing-file", new FineTuneSettings { ManifestUri = new Uri(manifest).AbsoluteUri, Epochs = 1 });
        await fixture.WaitForFinalAsync(job.Id);
        var result = Assert.Single(await fixture.ResultsAsync(job.Id));

        Assert.Equal("dataset.invalid", result.ErrorCode);
        Assert.Contains("Line 2", result.Error, StringComparison.Ordinal);
        Assert.Contains("does not exist", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FineTune_AbsurdSettings_RejectedAtSubmission()
    {
        var error = await Assert.ThrowsAsync<BatchWorkersApiException>(() =>
            SubmitAsync("absurd", new FineTuneSettings { SyntheticShapes = true, Epochs = 100_000 }));

        Assert.Contains("epochs must be between 1 and 500", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BwSubmitFinetune_Wait_ReportsTheTrainedCandidate()
    {
        var writer = new StringWriter();
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(writer), Ansi = Spectre.Console.AnsiSupport.No,
            Interactive = Spectre.Console.InteractionSupport.No,
        });

        var code = await BatchWorkers.Cli.BwCli.RunAsync(
            ["submit", "finetune", "--model", "cli-shapes", "--synthetic-shapes", "--epochs", "2", "--no-promote", "--wait", "--url", fixture.Worker.Address.ToString()],
            console);
        var model = Assert.Single(await fixture.Api.ListModelsAsync(), m => m.Name == "cli-shapes");

        Assert.Equal(0, code);
        Assert.Contains("succeeded", writer.ToString(), StringComparison.Ordinal);
        Assert.Equal(ModelStage.Candidate, model.Stage);
    }

    private Task<JobStatus> SubmitAsync(string model, FineTuneSettings settings) =>
        fixture.Api.SubmitAsync(new SubmitJobRequest { Type = JobType.FineTune, Model = model, FineTune = settings });

    private static (List<byte[]> Images, List<string> Labels) HeldOutShapes(int count)
    {
        var split = ShapesDataset.Generate(new ShapesDatasetOptions { ImageSize = 32, TrainCount = 3, HeldOutCount = count, Seed = 99 });
        var images = Enumerable.Range(0, count).Select(i => Png(split.HeldOut.ToRgbBytes(i), 32)).ToList();
        return (images, [.. split.HeldOut.Labels.Select(l => split.HeldOut.ClassNames[l])]);
    }

    private static byte[] Png(byte[] rgb, int size)
    {
        using var bitmap = new SKBitmap(size, size);
        for (var i = 0; i < size * size; i++)
        {
            bitmap.SetPixel(i % size, i / size, new SKColor(rgb[i * 3], rgb[(i * 3) + 1], rgb[(i * 3) + 2]));
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
