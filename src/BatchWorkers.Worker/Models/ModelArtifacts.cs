using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BatchWorkers.Contracts;

namespace BatchWorkers.Worker.Models;

/// <summary>
/// What a model version folder holds and its fingerprint. An image classifier is one <c>model.onnx</c>; a seq2seq
/// export (Optimum, transformers.js) is <c>encoder_model.onnx</c> plus decoder files. Either may lie in the folder
/// or its <c>onnx/</c> subfolder (as <c>bw models pull</c> installs <c>Xenova/…</c> exports).
/// </summary>
public static class ModelArtifacts
{
    public const string ClassifierFileName = "model.onnx";
    private const string EncoderFileName = "encoder_model.onnx";

    public static bool IsModelFolder(string directory) => ClassifierPath(directory) is not null || IsSeq2Seq(directory);

    /// <summary>
    /// A classifier's <c>model.onnx</c> (plain or sealed), in the folder or its <c>onnx/</c> subfolder; null when there
    /// is none.
    /// </summary>
    public static string? ClassifierPath(string directory) =>
        new[] { Path.Combine(directory, ClassifierFileName), Path.Combine(directory, "onnx", ClassifierFileName) }.FirstOrDefault(Exists);

    /// <summary>Whether any file of the folder is sealed at rest (then ONNX sessions are built from decrypted bytes).</summary>
    public static bool HasSealedFiles(string directory) =>
        Directory.EnumerateFiles(directory, "*" + ModelFiles.SealedSuffix, SearchOption.AllDirectories).Any();

    private static bool Exists(string path) => File.Exists(path) || File.Exists(path + ModelFiles.SealedSuffix);

    public static bool IsSeq2Seq(string directory) => Seq2SeqOnnxDirectory(directory) is not null;

    /// <summary>The task a folder serves: Marian exports translate, other seq2seq families summarize.</summary>
    public static JobType TaskOf(string directory)
    {
        if (!IsSeq2Seq(directory) || ClassifierPath(directory) is not null)
        {
            return JobType.ImageClassification;
        }

        var config = Path.Combine(directory, "config.json");
        if (File.Exists(config))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(config));
            if (document.RootElement.TryGetProperty("model_type", out var type) && type.GetString() is "marian")
            {
                return JobType.Translation;
            }
        }

        return File.Exists(Path.Combine(directory, "source.spm")) ? JobType.Translation : JobType.Summarization;
    }

    /// <summary>
    /// The sha256 the registry keeps: of <c>model.onnx</c> for a classifier; for a seq2seq export, of a manifest
    /// listing the sha256 of every .onnx (and external-data) file, so no decoder file can be swapped unnoticed.
    /// </summary>
    /// <remarks>Sealed files are hashed as their plain bytes, read through <paramref name="files"/>.</remarks>
    public static async Task<string> Sha256Async(string directory, ModelFiles files, CancellationToken cancellationToken)
    {
        if (ClassifierPath(directory) is { } classifier)
        {
            return await PlainSha256Async(classifier, files, cancellationToken);
        }

        var onnxDirectory = Seq2SeqOnnxDirectory(directory)
            ?? throw new FileNotFoundException($"'{directory}' holds neither {ClassifierFileName} nor {EncoderFileName}.");
        var manifest = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(onnxDirectory)
                     .Select(f => f.EndsWith(ModelFiles.SealedSuffix, StringComparison.Ordinal) ? f[..^ModelFiles.SealedSuffix.Length] : f)
                     .Where(f => f.EndsWith(".onnx", StringComparison.Ordinal) || f.EndsWith(".onnx_data", StringComparison.Ordinal))
                     .Distinct()
                     .Order(StringComparer.Ordinal))
        {
            manifest.Append(await PlainSha256Async(file, files, cancellationToken)).Append("  ").Append(Path.GetFileName(file)).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(manifest.ToString())));
    }

    private static string? Seq2SeqOnnxDirectory(string directory) =>
        Exists(Path.Combine(directory, EncoderFileName)) ? directory
        : Exists(Path.Combine(directory, "onnx", EncoderFileName)) ? Path.Combine(directory, "onnx")
        : null;

    private static async Task<string> PlainSha256Async(string path, ModelFiles files, CancellationToken cancellationToken) =>
        File.Exists(path) ? await FileSha256Async(path, cancellationToken) : Convert.ToHexStringLower(SHA256.HashData(files.Read(path)));

    /// <summary>The sha256 of one file, lower-case hex.</summary>
    public static async Task<string> FileSha256Async(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
    }
}
