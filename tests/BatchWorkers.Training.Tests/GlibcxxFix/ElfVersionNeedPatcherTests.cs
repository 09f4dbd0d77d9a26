using System.Reflection;
using BatchWorkers.Build;

namespace BatchWorkers.Training.Tests.GlibcxxFix;

// The patcher's source (build/TorchSharpGlibcxxFix.cs) is compiled into this assembly, so these tests exercise the
// very code the MSBuild task runs; the first test checks what the task actually did to this project's output.
public sealed class ElfVersionNeedPatcherTests
{
    private const string LibraryName = "libLibTorchSharp.so";

    [Fact]
    public void BuildOutput_TorchSharpLibraries_DifferFromPackageOnlyInTheWeakFlag()
    {
        var original = File.ReadAllBytes(PackageLibrary());
        var flags = ElfVersionNeedPatcher.FindFlagsOffset(original, ElfVersionNeedPatcher.TorchSharpVersion);
        var copies = OutputLibraries();

        Assert.True(flags > 0);
        Assert.Equal(0, original[flags] & ElfVersionNeedPatcher.WeakFlag);
        Assert.NotEmpty(copies);
        foreach (var copy in copies)
        {
            var output = File.ReadAllBytes(copy);
            Assert.Equal(original[flags] | ElfVersionNeedPatcher.WeakFlag, output[flags]);
            Assert.Equal([flags], DifferingOffsets(original, output));
        }
    }

    [Fact]
    public void MarkWeak_CopyOfPackageLibrary_SetsTheFlagAndChangesNothingElse()
    {
        var original = File.ReadAllBytes(PackageLibrary());
        var copy = (byte[])original.Clone();

        var outcome = ElfVersionNeedPatcher.MarkWeak(copy, ElfVersionNeedPatcher.TorchSharpVersion);

        var flags = ElfVersionNeedPatcher.FindFlagsOffset(original, ElfVersionNeedPatcher.TorchSharpVersion);
        Assert.Equal(WeakVersionOutcome.Patched, outcome);
        Assert.Equal([flags], DifferingOffsets(original, copy));
        Assert.Equal(original[flags] | 0x2, copy[flags]);
        Assert.Equal(original[flags + 1], copy[flags + 1]);
    }

    [Fact]
    public void MarkWeak_AlreadyPatchedCopy_ReportsAlreadyWeakAndLeavesBytesAlone()
    {
        var patched = File.ReadAllBytes(PackageLibrary());
        ElfVersionNeedPatcher.MarkWeak(patched, ElfVersionNeedPatcher.TorchSharpVersion);
        var before = (byte[])patched.Clone();

        var outcome = ElfVersionNeedPatcher.MarkWeak(patched, ElfVersionNeedPatcher.TorchSharpVersion);

        Assert.Equal(WeakVersionOutcome.AlreadyWeak, outcome);
        Assert.Equal(before, patched);
    }

    [Fact]
    public void FindFlagsOffset_OtherRequirements_PointAtOtherEntries()
    {
        var library = File.ReadAllBytes(PackageLibrary());

        var target = ElfVersionNeedPatcher.FindFlagsOffset(library, "GLIBCXX_3.4.32");
        var neighbour = ElfVersionNeedPatcher.FindFlagsOffset(library, "GLIBCXX_3.4.30");
        var absent = ElfVersionNeedPatcher.FindFlagsOffset(library, "GLIBCXX_9.9.99");

        Assert.True(neighbour > 0);
        Assert.NotEqual(target, neighbour);
        // Vernaux entries are 16 bytes apart; flags sit at the same place in each.
        Assert.Equal(0, Math.Abs(target - neighbour) % 16);
        Assert.Equal(-1, absent);
    }

    [Fact]
    public void MarkWeak_NotAnElfFile_ReportsNotRequired()
    {
        var text = "just some text, long enough to look past an ELF header of 64 bytes........"u8.ToArray();

        Assert.Equal(WeakVersionOutcome.NotRequired, ElfVersionNeedPatcher.MarkWeak(text, ElfVersionNeedPatcher.TorchSharpVersion));
    }

    [Fact]
    public void FindFlagsOffset_TruncatedLibrary_ThrowsInvalidData()
    {
        var truncated = File.ReadAllBytes(PackageLibrary()).AsSpan(0, 4096).ToArray();

        Assert.Throws<InvalidDataException>(() => ElfVersionNeedPatcher.FindFlagsOffset(truncated, ElfVersionNeedPatcher.TorchSharpVersion));
    }

    private static long[] DifferingOffsets(byte[] a, byte[] b)
    {
        Assert.Equal(a.Length, b.Length);
        return Enumerable.Range(0, a.Length).Where(i => a[i] != b[i]).Select(i => (long)i).ToArray();
    }

    // Read only: the NuGet cache's copy must stay as published.
    private static string PackageLibrary()
    {
        var folder = typeof(ElfVersionNeedPatcherTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "TorchSharpPackageFolder").Value!;
        return Path.Combine(folder, "runtimes", "linux-x64", "native", LibraryName);
    }

    // runtimes/linux-x64/native/ after a build; TorchSharp may add a cpu/ copy if a load ever fell back to it.
    private static List<string> OutputLibraries() =>
        Directory.EnumerateFiles(AppContext.BaseDirectory, LibraryName, SearchOption.AllDirectories).ToList();
}
