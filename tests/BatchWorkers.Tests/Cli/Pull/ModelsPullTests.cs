using System.Text.Json;
using BatchWorkers.Cli;
using Spectre.Console;

namespace BatchWorkers.Tests.Cli.Pull;

/// <summary><c>bw models pull</c>, in-process, against a <see cref="FakeHub"/> on a loopback port.</summary>
public sealed class ModelsPullTests : IAsyncLifetime
{
    private const string RepoId = "Xenova/tiny-mt";
    private const string Encoder = "onnx/encoder_model.onnx";
    private const string Token = "hf_secret_test_token_0123456789";

    /// <summary>What a plain pull of <see cref="FakeHubRepo.Seq2Seq"/> must install, besides source.json.</summary>
    private static readonly string[] PlainExport =
    [
        "config.json", "generation_config.json", "onnx/decoder_model_merged.onnx", "onnx/encoder_model.onnx",
        "source.spm", "target.spm", "tokenizer_config.json", "vocab.json",
    ];

    private readonly FakeHubRepo _repo = FakeHubRepo.Seq2Seq(RepoId);
    private readonly string _store = Directory.CreateTempSubdirectory("bw-pull-store-").FullName;
    private FakeHub _hub = null!;

    private string Installed => Path.Combine(_store, "tiny-mt", "1");

    public async Task InitializeAsync()
    {
        _hub = await FakeHub.StartAsync();
        _hub.Add(_repo);
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        Directory.Delete(_store, recursive: true);
    }

    [Fact]
    public async Task Pull_Seq2SeqExport_InstallsTheChosenFilesAndSourceJson()
    {
        var (code, output) = await PullAsync();

        Assert.Equal(0, code);
        Assert.Contains("Installed tiny-mt 1", output, StringComparison.Ordinal);
        Assert.Equal(PlainExport.Append("source.json").Order(StringComparer.Ordinal), FilesIn(Installed));
        foreach (var path in PlainExport)
        {
            Assert.Equal(_repo.Files[path], await File.ReadAllBytesAsync(Path.Combine(Installed, path)));
        }

        using var source = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Installed, "source.json")));
        var root = source.RootElement;
        Assert.Equal(RepoId, root.GetProperty("repo").GetString());
        Assert.Equal("main", root.GetProperty("revision").GetString());
        Assert.Equal(_repo.Commit, root.GetProperty("commit").GetString());
        Assert.Equal(_hub.Address.ToString().TrimEnd('/'), root.GetProperty("endpoint").GetString());
        var recorded = root.GetProperty("files").EnumerateArray()
            .ToDictionary(f => f.GetProperty("path").GetString()!, f => f.GetProperty("sha256").GetString());
        Assert.Equal(PlainExport.ToDictionary(p => p, p => (string?)FakeHubRepo.Sha256(_repo.Files[p])), recorded);
        Assert.False(Directory.Exists(Path.Combine(_store, ".pull")));
    }

    [Fact]
    public async Task Pull_Seq2SeqExport_DownloadsFromTheListedCommit()
    {
        await PullAsync();

        var downloads = _hub.Requests.Where(r => r.Path.Contains("/resolve/", StringComparison.Ordinal)).ToList();
        Assert.Equal(PlainExport.Length, downloads.Count);
        Assert.All(downloads, r => Assert.Contains($"/resolve/{_repo.Commit}/", r.Path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pull_QuantizedVariant_InstallsTheQuantizedOnnxFiles()
    {
        var (code, _) = await PullAsync("--variant", "quantized", "--name", "tiny-mt-q");

        Assert.Equal(0, code);
        var onnx = FilesIn(Path.Combine(_store, "tiny-mt-q", "1")).Where(f => f.StartsWith("onnx/", StringComparison.Ordinal));
        Assert.Equal(["onnx/decoder_model_merged_quantized.onnx", "onnx/encoder_model_quantized.onnx"], onnx);
    }

    [Fact]
    public async Task Pull_WithoutModelVersion_InstallsTheNextNumber()
    {
        Directory.CreateDirectory(Path.Combine(_store, "tiny-mt", "7"));
        Directory.CreateDirectory(Path.Combine(_store, "tiny-mt", "experimental"));

        var (code, output) = await PullAsync();

        Assert.Equal(0, code);
        Assert.Contains("Installed tiny-mt 8", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_store, "tiny-mt", "8", Encoder)));
    }

    [Fact]
    public async Task Pull_ConnectionDropped_FailsWithResumeHintThenResumesFromThePartialFile()
    {
        var size = _repo.Files[Encoder].Length;
        var cut = size / 3;
        _hub.TruncateNext(Encoder, cut);

        var (firstCode, firstOutput) = await PullAsync();
        var partial = new FileInfo(Path.Combine(_store, ".pull", "tiny-mt-1", "onnx", "encoder_model.onnx"));
        var partialLength = partial.Length;
        var configDownloads = _hub.DownloadsOf("config.json").Count;
        var installedAfterFirst = Directory.Exists(Installed);
        var (secondCode, secondOutput) = await PullAsync();

        Assert.Equal(1, firstCode);
        Assert.Contains("Run the same command again to resume", firstOutput, StringComparison.Ordinal);
        Assert.False(installedAfterFirst);
        Assert.Equal(cut, partialLength);
        Assert.Equal(0, secondCode);
        Assert.Contains("Resuming", secondOutput, StringComparison.Ordinal);
        var encoderDownloads = _hub.DownloadsOf(Encoder);
        Assert.Equal([null, $"bytes={cut}-"], encoderDownloads.Select(r => r.Range));
        Assert.Equal([200, 206], encoderDownloads.Select(r => r.Status));
        Assert.Equal(configDownloads, _hub.DownloadsOf("config.json").Count);
        Assert.Equal(FakeHubRepo.Sha256(_repo.Files[Encoder]), FakeHubRepo.Sha256(await File.ReadAllBytesAsync(Path.Combine(Installed, Encoder))));
    }

    [Fact]
    public async Task Pull_ServerIgnoresRange_StartsTheFileOverAndInstallsTheRightBytes()
    {
        var cut = _repo.Files[Encoder].Length / 2;
        _hub.TruncateNext(Encoder, cut);
        await PullAsync();
        _hub.IgnoreRanges = true;

        var (code, _) = await PullAsync();

        Assert.Equal(0, code);
        var encoderDownloads = _hub.DownloadsOf(Encoder);
        Assert.Equal([null, $"bytes={cut}-"], encoderDownloads.Select(r => r.Range));
        Assert.Equal([200, 200], encoderDownloads.Select(r => r.Status));
        Assert.Equal(_repo.Files[Encoder], await File.ReadAllBytesAsync(Path.Combine(Installed, Encoder)));
    }

    [Fact]
    public async Task Pull_CorruptedFile_FailsDeletesItAndInstallsNothing()
    {
        _hub.Corrupt(Encoder);

        var (code, output) = await PullAsync();

        Assert.Equal(1, code);
        Assert.Contains($"{Encoder} is corrupt", output, StringComparison.Ordinal);
        Assert.Contains(FakeHubRepo.Sha256(_repo.Files[Encoder]), output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_store, "tiny-mt")));
        Assert.False(File.Exists(Path.Combine(_store, ".pull", "tiny-mt-1", "onnx", "encoder_model.onnx")));
    }

    [Fact]
    public async Task Pull_UnknownRepo_SaysItIsNotFound()
    {
        var (code, output) = await PullAsync("Xenova/no-such-model");

        Assert.Equal(1, code);
        Assert.Contains("has no repository Xenova/no-such-model", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_store, "no-such-model")));
    }

    [Fact]
    public async Task Pull_UnknownRevision_SaysSo()
    {
        var (code, output) = await PullAsync("--revision", "v9");

        Assert.Equal(1, code);
        Assert.Contains("has no revision 'v9'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_PrivateRepoWithoutToken_SaysToPassOne()
    {
        _hub.RequiredToken = Token;

        var (code, output) = await PullAsync();

        Assert.Equal(1, code);
        Assert.Contains("pass --token or set HF_TOKEN", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Installed));
    }

    [Fact]
    public async Task Pull_PrivateRepoWithToken_SendsItAsBearerAndNeverPrintsIt()
    {
        _hub.RequiredToken = Token;

        var (code, output) = await PullAsync("--token", Token);

        Assert.Equal(0, code);
        Assert.All(_hub.Requests.Where(r => !r.Path.StartsWith("/cdn-lfs/", StringComparison.Ordinal)), r => Assert.Equal($"Bearer {Token}", r.Authorization));
        Assert.DoesNotContain(Token, output, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, await File.ReadAllTextAsync(Path.Combine(Installed, "source.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_WrongToken_SaysTheTokenWasRefusedWithoutPrintingIt()
    {
        _hub.RequiredToken = Token;

        var (code, output) = await PullAsync("--token", "hf_wrong_token_abcdefghijklmnop");

        Assert.Equal(1, code);
        Assert.Contains("refused the token", output, StringComparison.Ordinal);
        Assert.DoesNotContain("hf_wrong_token", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_VersionExists_RefusedAndTheFolderUntouched()
    {
        var existing = Directory.CreateDirectory(Installed).FullName;
        await File.WriteAllTextAsync(Path.Combine(existing, "model.onnx"), "installed before");

        var (code, output) = await PullAsync("--model-version", "1");

        Assert.Equal(1, code);
        Assert.Contains("already exists", output, StringComparison.Ordinal);
        Assert.Equal(["model.onnx"], FilesIn(existing));
        Assert.Equal("installed before", await File.ReadAllTextAsync(Path.Combine(existing, "model.onnx")));
        Assert.Empty(_hub.Requests);
    }

    [Fact]
    public async Task Pull_RepoWithoutOnnx_SaysWhatItHasAndHowToExport()
    {
        _hub.Add(FakeHubRepo.PyTorchOnly("someone/pytorch-only"));

        var (code, output) = await PullAsync("someone/pytorch-only");

        Assert.Equal(1, code);
        Assert.Contains("has no ONNX files", output, StringComparison.Ordinal);
        Assert.Contains("pytorch_model.bin", output, StringComparison.Ordinal);
        Assert.Contains("optimum-cli export onnx", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_store, "pytorch-only")));
        Assert.DoesNotContain(_hub.Requests, r => r.Path.Contains("/resolve/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pull_HubUnreachable_SaysToRunAgain()
    {
        var closed = $"http://127.0.0.1:{Infrastructure.WorkerProcess.FreePort()}";

        var (code, output) = await RunAsync("models", "pull", RepoId, "--store", _store, "--endpoint", closed);

        Assert.Equal(1, code);
        Assert.Contains("run the same command again", output, StringComparison.Ordinal);
    }

    /// <summary>Paths under <paramref name="folder"/>, '/'-separated, sorted.</summary>
    private static List<string> FilesIn(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal).ToList();

    private Task<(int Code, string Output)> PullAsync(params string[] args)
    {
        var repo = args.FirstOrDefault() is { } first && !first.StartsWith("--", StringComparison.Ordinal) ? first : RepoId;
        var options = args.SkipWhile(a => !a.StartsWith("--", StringComparison.Ordinal));
        return RunAsync(["models", "pull", repo, "--store", _store, "--endpoint", _hub.Address.ToString(), .. options]);
    }

    private static async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 1000;
        var code = await BwCli.RunAsync(args, console);
        return (code, writer.ToString());
    }
}
