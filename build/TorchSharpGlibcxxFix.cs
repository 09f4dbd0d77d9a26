// Compiled twice: by RoslynCodeTaskFactory for TorchSharpGlibcxxFix.targets (netstandard2.0 API, so no Span or
// records), and by tests/BatchWorkers.Training.Tests with ELF_PATCHER_CORE_ONLY defined, which tests the ELF logic
// without referencing MSBuild.
#nullable enable

using System;
using System.IO;
using System.Text;

namespace BatchWorkers.Build;

/// <summary>What <see cref="ElfVersionNeedPatcher.MarkWeak"/> found.</summary>
public enum WeakVersionOutcome
{
    /// <summary>The file does not ask for that version (or is not a 64-bit little-endian ELF file with version needs).</summary>
    NotRequired,

    /// <summary>The requirement was already weak: nothing was changed.</summary>
    AlreadyWeak,

    /// <summary>The requirement's weak flag was set.</summary>
    Patched,
}

/// <summary>
/// Marks one symbol-version requirement of an ELF64 shared library as weak (VER_FLG_WEAK in the Vernaux entry's
/// vna_flags), so the dynamic loader accepts a libstdc++ that lacks that version. Why: TorchSharp 0.107.0's
/// libLibTorchSharp.so asks for GLIBCXX_3.4.32 only for a link-time marker it never calls, and Debian 12's
/// libstdc++ stops at GLIBCXX_3.4.30.
/// </summary>
public static class ElfVersionNeedPatcher
{
    /// <summary>The requirement TorchSharp 0.107.0 declares but does not need.</summary>
    public const string TorchSharpVersion = "GLIBCXX_3.4.32";

    /// <summary>VER_FLG_WEAK: a missing weak version is not fatal for the loader.</summary>
    public const ushort WeakFlag = 0x2;

    private const uint SectionTypeVersionNeed = 0x6ffffffe; // SHT_GNU_verneed
    private const int SectionHeaderSize = 64;
    private const int VerneedSize = 16;
    private const int VernauxSize = 16;

    /// <summary>
    /// The file offset of vna_flags in the Vernaux entry named <paramref name="versionName"/>, or −1 when the file
    /// has no such requirement (or is not an ELF64 little-endian file).
    /// </summary>
    /// <exception cref="InvalidDataException">The file claims to be ELF64 but its tables run past its end.</exception>
    public static long FindFlagsOffset(byte[] elf, string versionName)
    {
        if (elf is null)
        {
            throw new ArgumentNullException(nameof(elf));
        }

        if (!IsElf64LittleEndian(elf))
        {
            return -1;
        }

        var sectionTable = checked((long)ReadUInt64(elf, 0x28)); // e_shoff
        var sectionCount = ReadUInt16(elf, 0x3C); // e_shnum
        var namesIndex = ReadUInt16(elf, 0x3E); // e_shstrndx
        if (sectionTable == 0 || namesIndex >= sectionCount)
        {
            return -1;
        }

        var sectionNames = Section.Read(elf, sectionTable, namesIndex);
        for (var i = 0; i < sectionCount; i++)
        {
            var section = Section.Read(elf, sectionTable, i);
            // Found by name, as the brief for this fix asks, and checked by type to be sure of the layout.
            if (section.Type == SectionTypeVersionNeed
                && ReadString(elf, sectionNames.Offset + section.NameOffset) == ".gnu.version_r")
            {
                var strings = Section.Read(elf, sectionTable, checked((int)section.Link)); // .dynstr
                return FindInVersionNeeds(elf, section, strings.Offset, versionName);
            }
        }

        return -1;
    }

    /// <summary>Sets the weak flag on the named requirement in <paramref name="elf"/>, changing nothing else.</summary>
    public static WeakVersionOutcome MarkWeak(byte[] elf, string versionName)
    {
        var offset = FindFlagsOffset(elf, versionName);
        if (offset < 0)
        {
            return WeakVersionOutcome.NotRequired;
        }

        var flags = ReadUInt16(elf, offset);
        if ((flags & WeakFlag) != 0)
        {
            return WeakVersionOutcome.AlreadyWeak;
        }

        flags |= WeakFlag;
        elf[offset] = (byte)(flags & 0xFF);
        elf[offset + 1] = (byte)(flags >> 8);
        return WeakVersionOutcome.Patched;
    }

    // Verneed entries (one per needed library) each point to a chain of Vernaux entries (one per version).
    private static long FindInVersionNeeds(byte[] elf, Section section, long stringsOffset, string versionName)
    {
        var need = section.Offset;
        for (uint n = 0; n < section.Info; n++) // sh_info = number of Verneed entries
        {
            Require(elf, need, VerneedSize);
            var auxCount = ReadUInt16(elf, need + 2); // vn_cnt
            var aux = need + ReadUInt32(elf, need + 8); // vn_aux
            for (var a = 0; a < auxCount; a++)
            {
                Require(elf, aux, VernauxSize);
                if (ReadString(elf, stringsOffset + ReadUInt32(elf, aux + 8)) == versionName) // vna_name
                {
                    return aux + 4; // vna_flags
                }

                aux += ReadUInt32(elf, aux + 12); // vna_next
            }

            var next = ReadUInt32(elf, need + 12); // vn_next
            if (next == 0)
            {
                break;
            }

            need += next;
        }

        return -1;
    }

    private static bool IsElf64LittleEndian(byte[] elf) =>
        elf.Length >= 64 && elf[0] == 0x7F && elf[1] == (byte)'E' && elf[2] == (byte)'L' && elf[3] == (byte)'F'
        && elf[4] == 2 /* ELFCLASS64 */ && elf[5] == 1 /* ELFDATA2LSB */;

    private static string ReadString(byte[] elf, long offset)
    {
        Require(elf, offset, 1);
        var end = offset;
        while (end < elf.Length && elf[end] != 0)
        {
            end++;
        }

        return Encoding.ASCII.GetString(elf, checked((int)offset), checked((int)(end - offset)));
    }

    private static ushort ReadUInt16(byte[] elf, long offset)
    {
        Require(elf, offset, 2);
        return (ushort)(elf[offset] | (elf[offset + 1] << 8));
    }

    private static uint ReadUInt32(byte[] elf, long offset)
    {
        Require(elf, offset, 4);
        return (uint)(elf[offset] | (elf[offset + 1] << 8) | (elf[offset + 2] << 16) | (elf[offset + 3] << 24));
    }

    private static ulong ReadUInt64(byte[] elf, long offset) =>
        ReadUInt32(elf, offset) | ((ulong)ReadUInt32(elf, offset + 4) << 32);

    private static void Require(byte[] elf, long offset, long length)
    {
        if (offset < 0 || offset + length > elf.Length)
        {
            throw new InvalidDataException($"ELF structure at offset {offset} runs past the end of the file.");
        }
    }

    // The fields of an Elf64_Shdr this patcher needs.
    private readonly struct Section
    {
        private Section(uint nameOffset, uint type, long offset, uint link, uint info)
        {
            NameOffset = nameOffset;
            Type = type;
            Offset = offset;
            Link = link;
            Info = info;
        }

        public uint NameOffset { get; }

        public uint Type { get; }

        public long Offset { get; }

        public uint Link { get; }

        public uint Info { get; }

        public static Section Read(byte[] elf, long table, int index)
        {
            var header = table + (long)index * SectionHeaderSize;
            Require(elf, header, SectionHeaderSize);
            return new Section(
                nameOffset: ReadUInt32(elf, header),
                type: ReadUInt32(elf, header + 4),
                offset: checked((long)ReadUInt64(elf, header + 24)),
                link: ReadUInt32(elf, header + 40),
                info: ReadUInt32(elf, header + 44));
        }
    }
}

#if !ELF_PATCHER_CORE_ONLY
/// <summary>
/// MSBuild task: marks GLIBCXX_3.4.32 weak in each given libLibTorchSharp.so copy. Copies under the NuGet package
/// root are refused; files are replaced (not written through), so a hard link into the cache is never modified.
/// </summary>
public sealed class MarkTorchSharpGlibcxxWeak : Microsoft.Build.Utilities.Task
{
    /// <summary>The libLibTorchSharp.so copies in a build or publish output.</summary>
    [Microsoft.Build.Framework.Required]
    public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

    /// <summary>The NuGet package root; files under it are never touched.</summary>
    public string PackageRoot { get; set; } = "";

    public override bool Execute()
    {
        foreach (var item in Files)
        {
            var path = Path.GetFullPath(item.ItemSpec);
            if (PackageRoot.Length > 0 && path.StartsWith(Path.GetFullPath(PackageRoot), StringComparison.Ordinal))
            {
                Log.LogWarning("Not patching {0}: it is in the NuGet package folder, not a build output.", path);
                continue;
            }

            Patch(path);
        }

        return !Log.HasLoggedErrors;
    }

    private void Patch(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var outcome = ElfVersionNeedPatcher.MarkWeak(bytes, ElfVersionNeedPatcher.TorchSharpVersion);
        if (outcome != WeakVersionOutcome.Patched)
        {
            Log.LogMessage(
                Microsoft.Build.Framework.MessageImportance.Low, "{0}: {1}, left as it is.", path, outcome);
            return;
        }

        // Write a sibling and swap it in: the build may have hard-linked the output to the NuGet cache's copy.
        // File.Copy keeps the mode bits; the original timestamp is kept so incremental builds don't recopy it.
        var lastWrite = File.GetLastWriteTimeUtc(path);
        var temporary = path + ".glibcxx-fix.tmp";
        File.Copy(path, temporary, overwrite: true);
        File.WriteAllBytes(temporary, bytes);
        File.SetLastWriteTimeUtc(temporary, lastWrite);
        File.Delete(path);
        File.Move(temporary, path);
        Log.LogMessage(
            Microsoft.Build.Framework.MessageImportance.High,
            "Marked {0} weak in {1} so it loads with Debian 12's libstdc++.",
            ElfVersionNeedPatcher.TorchSharpVersion,
            path);
    }
}
#endif
