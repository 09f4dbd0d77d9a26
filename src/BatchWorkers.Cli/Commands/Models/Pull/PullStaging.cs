namespace BatchWorkers.Cli.Commands.Models.Pull;

/// <summary>
/// The folder a pull downloads into, <c>STORE/.pull/NAME-VERSION/</c>: inside the store, so installing is one
/// rename on the same filesystem, and hidden from the worker (store names never start with a dot). A lock file
/// keeps two pulls of the same version apart; a source file records which commit and variant the partial files
/// belong to, so a run for another one starts afresh instead of resuming them.
/// </summary>
internal sealed class PullStaging : IDisposable
{
    public const string FolderName = ".pull";

    private readonly FileStream _lock;
    private readonly string _sourcePath;

    private PullStaging(string folder, FileStream lockFile, string sourcePath)
    {
        Folder = folder;
        _lock = lockFile;
        _sourcePath = sourcePath;
    }

    public string Folder { get; }

    /// <summary>Whether files from an earlier run of the same pull were found (and will be resumed).</summary>
    public bool Resuming { get; private init; }

    /// <summary>Takes the staging folder for <paramref name="name"/> <paramref name="version"/>, keeping what an earlier run left for <paramref name="source"/>.</summary>
    /// <exception cref="CliException">Another pull holds it.</exception>
    public static PullStaging Open(string store, string name, string version, string source)
    {
        var root = Path.Combine(store, FolderName);
        Directory.CreateDirectory(root);
        var folder = Path.Combine(root, $"{name}-{version}");
        FileStream lockFile;
        try
        {
            lockFile = new FileStream(Path.Combine(root, $"{name}-{version}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException)
        {
            throw new CliException($"Another bw models pull is installing {name} {version} into this store. Wait for it, or pass another --model-version.");
        }

        var sourcePath = Path.Combine(root, $"{name}-{version}.source");
        var resuming = Directory.Exists(folder) && File.Exists(sourcePath) && File.ReadAllText(sourcePath) == source;
        if (!resuming && Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        File.WriteAllText(sourcePath, source);
        return new PullStaging(folder, lockFile, sourcePath) { Resuming = resuming && Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Any() };
    }

    /// <summary>Where <paramref name="relativePath"/> ('/'-separated) goes; its folder is created.</summary>
    public string PathOf(string relativePath)
    {
        var path = Path.GetFullPath(Path.Combine(Folder, relativePath.Replace('/', Path.DirectorySeparatorChar)));
        if (!path.StartsWith(Folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new CliException($"The hub listed a file outside the repository folder: '{relativePath}'.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    /// <summary>Deletes files an earlier run left that are not part of this pull (another variant's, say).</summary>
    public void KeepOnly(IEnumerable<string> relativePaths)
    {
        var keep = relativePaths.Select(PathOf).ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories).Where(f => !keep.Contains(f)).ToList())
        {
            File.Delete(file);
        }
    }

    /// <summary>Moves the finished folder to <paramref name="target"/> in one rename.</summary>
    /// <exception cref="CliException"><paramref name="target"/> exists.</exception>
    public void InstallAs(string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (Directory.Exists(target) || File.Exists(target))
        {
            throw new CliException($"{target} already exists: bw never overwrites an installed version. The download is kept; pass another --model-version.");
        }

        Directory.Move(Folder, target);
        File.Delete(_sourcePath);
    }

    /// <summary>Releases the lock and removes <c>.pull</c> when nothing else is in it.</summary>
    public void Dispose()
    {
        _lock.Dispose();
        var root = Path.GetDirectoryName(Folder)!;
        try
        {
            if (Directory.Exists(root) && !Directory.EnumerateFileSystemEntries(root).Any())
            {
                Directory.Delete(root);
            }
        }
        catch (IOException)
        {
            // Another pull started meanwhile: the folder is its now.
        }
    }
}
