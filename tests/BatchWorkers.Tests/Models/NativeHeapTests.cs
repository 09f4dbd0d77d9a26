using System.Globalization;
using System.Runtime.InteropServices;
using BatchWorkers.Worker.Models;

namespace BatchWorkers.Tests.Models;

public sealed class NativeHeapTests
{
    private const int BlockSize = 48 * 1024; // below glibc's mmap threshold: served from an arena, as model tensors are
    private const int PinSize = 8 * 1024;    // too big for the tcache and fast bins, so it comes from the top of the heap
    private const int BlockCount = 2048;     // 96 MiB of blocks

    [Fact]
    public void Trim_FreedBlocksBetweenLiveOnes_GoBackToTheSystem()
    {
        // Each block is followed by a pin that stays allocated, so the freed blocks are holes in the middle of the heap:
        // free() returns memory only from the top of a heap, malloc_trim also from such holes (whole pages of them).
        var blocks = new List<IntPtr>(BlockCount);
        var pins = new List<IntPtr>(BlockCount);
        for (var i = 0; i < BlockCount; i++)
        {
            blocks.Add(Touched(Marshal.AllocHGlobal(BlockSize), BlockSize));
            pins.Add(Touched(Marshal.AllocHGlobal(PinSize), PinSize));
        }

        try
        {
            blocks.ForEach(Marshal.FreeHGlobal);
            var beforeTrim = ResidentMiB();

            NativeHeap.Trim();
            var afterTrim = ResidentMiB();

            Assert.True(beforeTrim - afterTrim >= 48, $"Resident memory {beforeTrim} MiB before the trim, {afterTrim} MiB after; 96 MiB had been freed.");
        }
        finally
        {
            pins.ForEach(Marshal.FreeHGlobal);
        }
    }

    private static IntPtr Touched(IntPtr block, int size)
    {
        for (var offset = 0; offset < size; offset += 4096)
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
