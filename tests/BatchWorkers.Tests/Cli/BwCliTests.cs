using System.Text.Json;
using BatchWorkers.Cli;
using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;
using Spectre.Console;

namespace BatchWorkers.Tests.Cli;

/// <summary>The <c>bw</c> commands a person runs, in-process against a real worker.</summary>
public sealed class BwCliTests(WorkerFixture fixture) : IClassFixture<WorkerFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bw-cli-").FullName;

    [Fact]
    public async Task SubmitWaitThenResults_FilesClassifiedAndWrittenAsJsonLines()
    {
        var red = Path.Combine(_folder, "red.png");
        var green = Path.Combine(_folder, "green.png");
        await File.WriteAllBytesAsync(red, TestImages.Solid(TestImages.Red));
        await File.WriteAllBytesAsync(green, TestImages.Solid(TestImages.Green));

        var (submitCode, submitOutput) = await RunAsync("submit", "image-classification", "--model", TestModels.Colours, "--wait", red, green);
        var job = (await fixture.Api.ListJobsAsync(1))[0];
        var outFile = Path.Combine(_folder, "results.jsonl");
        var (resultsCode, _) = await RunAsync("results", job.Id.ToString(), "--out", outFile);
        var lines = await File.ReadAllLinesAsync(outFile);

        Assert.Equal(0, submitCode);
        Assert.Contains(job.Id.ToString(), submitOutput, StringComparison.Ordinal);
        Assert.Equal(0, resultsCode);
        Assert.Equal(2, lines.Length);
        var labels = lines.Select(l => JsonSerializer.Deserialize<ItemResult>(l, BatchWorkersJson.Options)!)
            .Select(r => r.Output!.Value.Deserialize<ClassificationOutput>(BatchWorkersJson.Options)!.TopK[0].Label);
        Assert.Equal(["red", "green"], labels);
    }

    [Fact]
    public async Task Submit_UnknownModel_ExitCode1AndSaysWhatIsInstalled()
    {
        var file = Path.Combine(_folder, "blue.png");
        await File.WriteAllBytesAsync(file, TestImages.Solid(TestImages.Blue));

        var (code, output) = await RunAsync("submit", "image-classification", "--model", "missing-model", file);

        Assert.Equal(1, code);
        Assert.Contains("not installed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelsList_ShowsTheInstalledModels()
    {
        var (code, output) = await RunAsync("models", "list");

        Assert.Equal(0, code);
        Assert.Contains(TestModels.Colours, output, StringComparison.Ordinal);
        Assert.Contains("red, green, blue", output, StringComparison.Ordinal);
        Assert.Contains("production", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelsPromoteThenRollback_ChangesProduction()
    {
        Onnx.Samples.SampleModels.WriteColourClassifier(Path.Combine(fixture.ModelStore, "cli-model", "1"));
        await fixture.Api.ListModelsAsync();
        Onnx.Samples.SampleModels.WriteColourClassifier(Path.Combine(fixture.ModelStore, "cli-model", "2"));
        await fixture.Api.ListModelsAsync();

        var (promoteCode, promoteOutput) = await RunAsync("models", "promote", "cli-model", "2");
        var (rollbackCode, rollbackOutput) = await RunAsync("models", "rollback", "cli-model");
        var production = (await fixture.Api.ListModelsAsync()).Single(m => m.Name == "cli-model" && m.Stage == ModelStage.Production);

        Assert.Equal((0, 0), (promoteCode, rollbackCode));
        Assert.Contains("cli-model 2 is production", promoteOutput, StringComparison.Ordinal);
        Assert.Contains("back on version 1", rollbackOutput, StringComparison.Ordinal);
        Assert.Equal("1", production.Version);
    }

    [Fact]
    public async Task Jobs_WorkerNotRunning_TellsHowToStartIt()
    {
        var (code, output) = await RunAsync("jobs", "--url", $"http://127.0.0.1:{WorkerProcess.FreePort()}");

        Assert.Equal(1, code);
        Assert.Contains("./quickstart.sh", output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 200;
        var withUrl = args.Contains("--url") ? args : [.. args, "--url", fixture.Worker.Address.ToString()];
        var code = await BwCli.RunAsync(withUrl, console);
        return (code, writer.ToString());
    }
}
