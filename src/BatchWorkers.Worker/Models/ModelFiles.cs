using System.Security.Cryptography;
using System.Text;
using BatchWorkers.Seq2Seq.Onnx;
using BatchWorkers.Worker.Privacy.Encryption;

namespace BatchWorkers.Worker.Models;

/// <summary>
/// Reads model files that may be sealed at rest: <c>NAME.onnx.sealed</c> beside (instead of) <c>NAME.onnx</c>, holding
/// a header with the data key's id and the AES-GCM sealed bytes (bound to the file's name). Callers ask for the plain
/// path; the registry's sha256 is of the plain bytes, so integrity checks are the same for sealed and plain files.
/// </summary>
public sealed class ModelFiles(RowCipher cipher) : IModelFileSource
{
    public const string SealedSuffix = ".sealed";
    private static readonly byte[] Magic = "BWSEALED1\n"u8.ToArray();

    public bool Exists(string path) => File.Exists(path) || File.Exists(path + SealedSuffix);

    /// <exception cref="ModelIntegrityException">The sealed file was altered, or its key is not configured.</exception>
    public byte[] Read(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllBytes(path);
        }

        var sealedFile = File.ReadAllBytes(path + SealedSuffix);
        var header = sealedFile.AsSpan().StartsWith(Magic) ? sealedFile.AsSpan(Magic.Length).IndexOf((byte)'\n') : -1;
        if (header < 0)
        {
            throw new ModelIntegrityException($"'{path}{SealedSuffix}' is not a sealed model file (no BWSEALED1 header).");
        }

        var keyId = Encoding.UTF8.GetString(sealedFile, Magic.Length, header);
        try
        {
            return cipher.Open(sealedFile[(Magic.Length + header + 1)..], keyId, Context(path));
        }
        catch (Exception ex) when (ex is CryptographicException or KeyNotFoundException)
        {
            throw new ModelIntegrityException($"'{path}{SealedSuffix}' cannot be opened: {ex.Message} The file was altered or its data key is missing.");
        }
    }

    /// <summary>Seals every .onnx (and .onnx_data) file of a model folder with the active key; plain files are removed.</summary>
    /// <returns>The files sealed (already sealed ones are left as they are).</returns>
    public IReadOnlyList<string> SealFolder(string directory)
    {
        var sealedFiles = new List<string>();
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".onnx", StringComparison.Ordinal) || f.EndsWith(".onnx_data", StringComparison.Ordinal)))
        {
            var (bytes, keyId) = cipher.Seal(File.ReadAllBytes(file), Context(file));
            var temporary = file + SealedSuffix + ".tmp";
            using (var output = File.Create(temporary))
            {
                output.Write(Magic);
                output.Write(Encoding.UTF8.GetBytes(keyId + "\n"));
                output.Write(bytes);
            }

            // The sealed file appears whole (rename), then the plain one goes: a crash leaves one or both, never neither.
            File.Move(temporary, file + SealedSuffix, overwrite: true);
            File.Delete(file);
            sealedFiles.Add(Path.GetRelativePath(directory, file));
        }

        return sealedFiles;
    }

    private static string Context(string path) => $"model:{Path.GetFileName(path)}";
}
