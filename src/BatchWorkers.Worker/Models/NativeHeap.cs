using System.Runtime.InteropServices;

namespace BatchWorkers.Worker.Models;

/// <summary>
/// Hands memory that native code freed back to the operating system. glibc's malloc keeps freed blocks in its arenas
/// for reuse; after a model's session is disposed that is tens of MiB per promotion which the next session (loaded on
/// other threads, so from other arenas) does not reuse, and the worker's resident memory crept up with every
/// promotion (docs/benchmarks.md, "Worker memory over 20 promotions"). <c>malloc_trim</c> releases those pages.
/// </summary>
public static class NativeHeap
{
    private static bool _unavailable = !OperatingSystem.IsLinux();

    /// <summary>Releases the free pages of every malloc arena; a no-op off glibc (musl, macOS, Windows).</summary>
    public static void Trim()
    {
        if (_unavailable)
        {
            return;
        }

        try
        {
            MallocTrim(0);
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            _unavailable = true;
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallocTrim(nuint pad);
}
