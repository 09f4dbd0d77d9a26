using System.Globalization;
using System.Runtime.InteropServices;
using BatchWorkers.Worker.Models;

namespace BatchWorkers.Tests.Models;

public sealed class NativeHeapTests
{
    private const int BlockSize = 32 * 1024; // below glibc's mmap threshold: served from an arena, as model tensors are
    private const int BlockCount = 4096;     // 128 MiB

    [Fact]
    public void Trim_FreedBlocksBelowTheHeapTop_GoBackToTheSystem()
    {
        var blocks = Enumerable.Range(0, BlockCount).Select(_ => Touched(Marshal.AllocHGlobal(BlockSize))).ToList();
        // Allocated last, it stays: the freed blocks lie below it, where free() alone never returns memory.
        var guard = Marshal.AllocHGlobal(64);
        try
        {
            blocks.ForEach(Marshal.FreeHGlobal);
            var beforeTrim = ResidentMiB();

            NativeHeap.Trim();
            var afterTrim = ResidentMiB();

            Assert.True(beforeTrim - afterTrim >= 64, $"Resident memory {beforeTrim} MiB before the trim, {afterTrim} MiB after; 128 MiB had been freed.");
        }
        finally
        {
            Marshal.FreeHGlobal(guard);
        }
    }

    private static IntPtr Touched(IntPtr block)
    {
        for (var offset = 0; offset < BlockSize; offset += 4096)
        {
            Marshal.WriteByte(block, offset, 1);
        }

        return block;
    }

    private static long ResidentMiB()
    {
        var line = File.ReadLines("/proc/self/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
}
