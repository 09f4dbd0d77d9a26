using System.Globalization;
using System.Text.RegularExpressions;
using Spectre.Console;

namespace BatchWorkers.Cli.Commands.Models.Pull;

/// <summary>
/// Lists the repository, picks the export's files, downloads them into the staging folder with a progress bar,
/// writes <c>source.json</c> and moves the folder into place as <c>STORE/NAME/VERSION/</c> in one rename.
/// </summary>
internal static partial class ModelPull
{
    /// <summary>The worker's rule for store names and versions (ModelStore.IsSafeSegment).</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex SafeSegment();

    [GeneratedRegex("^([A-Za-z0-9][A-Za-z0-9._-]{0,95}/)?[A-Za-z0-9][A-Za-z0-9._-]{0,95}$")]
    private static partial Regex RepoId();

    [GeneratedRegex("^[0-9a-f]{40}([0-9a-f]{24})?$")]
    private static partial Regex CommitSha();

    public static async Task<int> RunAsync(CliContext context, PullRequest request, CancellationToken cancellationToken)
    {
        Validate(request);
        var name = request.Name ?? request.Repo[(request.Repo.LastIndexOf('/') + 1)..];
        if (!SafeSegment().IsMatch(name))
        {
            throw new CliException($"'{name}' cannot be a model name (letters, digits, '.', '_' and '-', starting with a letter or digit): pass --name.");
        }

        var version = request.Version ?? NextVersion(Path.Combine(request.Store, name));
        var target = Path.Combine(request.Store, name, version);
        if (Directory.Exists(target) || File.Exists(target))
        {
            throw new CliException($"{target} already exists: bw never overwrites an installed version. Pass --model-version to install another one.");
        }

        using var http = CreateHttpClient();
        var hub = new HubClient(http, request.Endpoint, request.Token);
        var listing = await hub.GetListingAsync(request.Repo, request.Revision, cancellationToken);
        var files = ExportSelection.Choose(listing, request.Repo, request.Revision, request.Variant);
        var commit = listing.Sha is { } sha && CommitSha().IsMatch(sha) ? sha : null;

        using var staging = PullStaging.Open(
            request.Store, name, version, string.Join('\n', hub.DisplayEndpoint, request.Repo, commit ?? request.Revision, request.Variant ?? ""));
        staging.KeepOnly(files.Select(f => f.RFilename));
        context.Out.MarkupLine(
            $"{(staging.Resuming ? "Resuming" : "Pulling")} [bold]{Markup.Escape(request.Repo)}[/] at {Markup.Escape(request.Revision)}"
            + (commit is null ? "" : $" (commit {commit[..12]})")
            + $" as {Markup.Escape(name)} {Markup.Escape(version)}: {files.Count} files, {Size(files.Sum(f => f.ExpectedSize ?? 0))}");

        // Pinned to the commit, so every file comes from the same one even if the branch moves meanwhile.
        var downloader = new FileDownloader(hub, request.Repo, commit ?? request.Revision);
        var pulled = await DownloadAllAsync(context, downloader, staging, files, cancellationToken);
        new PulledSource(request.Repo, request.Revision, commit, hub.DisplayEndpoint, request.Variant, context.Time.GetUtcNow(), pulled)
            .Write(staging.Folder);
        staging.InstallAs(target);

        context.Out.MarkupLine($"[green]Installed {Markup.Escape(name)} {Markup.Escape(version)}[/] in {Markup.Escape(target)}");
        context.Out.MarkupLine($"[grey]Where each file came from, with its sha256: {Markup.Escape(Path.Combine(target, PulledSource.FileName))}[/]");
        return ExitCodes.Ok;
    }

    private static void Validate(PullRequest request)
    {
        if (!RepoId().IsMatch(request.Repo) || request.Repo.Contains("..", StringComparison.Ordinal))
        {
            throw new CliException($"'{request.Repo}' is not a hub repository id: expected owner/name, e.g. Xenova/opus-mt-en-de.");
        }

        if (request.Version is { } version && !SafeSegment().IsMatch(version))
        {
            throw new CliException($"'{version}' cannot be a version folder (letters, digits, '.', '_' and '-', starting with a letter or digit).");
        }

        if (request.Variant is { } variant && !ExportSelection.IsValidVariant(variant))
        {
            throw new CliException($"'{variant}' is not an ONNX variant suffix: expected a word such as quantized, fp16, int8 or q4.");
        }

        if (request.Token is { } token && (token.Length == 0 || token.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))))
        {
            throw new CliException("The token (--token or HF_TOKEN) is empty or holds spaces or control characters.");
        }

        if (request.Revision.Length == 0 || request.Revision.Any(char.IsControl))
        {
            throw new CliException("--revision must name a branch, tag or commit.");
        }
    }

    /// <summary>One more than the highest numeric version installed, or 1.</summary>
    private static string NextVersion(string modelFolder)
    {
        var highest = Directory.Exists(modelFolder)
            ? Directory.EnumerateDirectories(modelFolder)
                .Select(d => long.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
                .DefaultIfEmpty(0).Max()
            : 0;
        return (highest + 1).ToString(CultureInfo.InvariantCulture);
    }

    private static async Task<List<PulledFile>> DownloadAllAsync(
        CliContext context, FileDownloader downloader, PullStaging staging, IReadOnlyList<HubFile> files, CancellationToken cancellationToken)
    {
        var pulled = new List<PulledFile>();
        await context.Out.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var tasks = files.Select(f => progress.AddTask(Markup.Escape(f.RFilename), autoStart: false, maxValue: Math.Max(f.ExpectedSize ?? 1, 1))).ToList();
                for (var i = 0; i < files.Count; i++)
                {
                    var (file, task) = (files[i], tasks[i]);
                    task.StartTask();
                    var sha256 = await downloader.DownloadAsync(file, staging.PathOf(file.RFilename), bytes => task.Value = bytes, cancellationToken);
                    task.Value = task.MaxValue;
                    task.StopTask();
                    pulled.Add(new PulledFile(file.RFilename, new FileInfo(staging.PathOf(file.RFilename)).Length, sha256, file.Lfs is not null));
                }
            });
        return pulled;
    }

    private static HttpClient CreateHttpClient()
    {
        // Redirects are followed by HubClient, which keeps the token to the hub's own origin.
#pragma warning disable CA2000 // The client owns the handler and disposes it with itself.
        return new HttpClient(
            new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = TimeSpan.FromSeconds(10), AutomaticDecompression = System.Net.DecompressionMethods.None },
            disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
#pragma warning restore CA2000
    }

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.0} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 10):0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };
}
