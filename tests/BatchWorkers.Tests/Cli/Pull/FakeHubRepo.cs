using System.Security.Cryptography;
using System.Text;
using BatchWorkers.Onnx.Transformers;

namespace BatchWorkers.Tests.Cli.Pull;

/// <summary>A repository the <see cref="FakeHub"/> serves: its files, its commit, and which files are in Git LFS.</summary>
public sealed class FakeHubRepo
{
    public FakeHubRepo(string id, IReadOnlyDictionary<string, byte[]> files)
    {
        Id = id;
        Files = files;
        Commit = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(id)));
    }

    public string Id { get; }

    public string Commit { get; }

    public IReadOnlyDictionary<string, byte[]> Files { get; }

    /// <summary>As on the hub, binary files are stored in Git LFS; text files are plain git.</summary>
    public static bool IsLfs(string path) =>
        path.EndsWith(".onnx", StringComparison.Ordinal) || path.Contains(".onnx_data", StringComparison.Ordinal)
        || path.EndsWith(".spm", StringComparison.Ordinal) || path.EndsWith(".bin", StringComparison.Ordinal);

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>
    /// A tiny Marian-style translation export laid out as transformers.js repositories are: configs and tokenizer
    /// files at the root, the real ONNX files (encoder, merged and split decoders) under <c>onnx/</c>, fake
    /// quantized ones beside them, and files a pull must skip (README, PyTorch weights).
    /// </summary>
    public static FakeHubRepo Seq2Seq(string id)
    {
        var folder = Directory.CreateTempSubdirectory("fake-hub-repo-");
        try
        {
            var weights = Seq2SeqTransformerWeights.Copying(16, 16);
            Seq2SeqExporter.WriteFolder(Path.Combine(folder.FullName, "onnx"), weights, Seq2SeqExportLayout.MergedAndSplit);
            Seq2SeqConfigFiles.Write(folder.FullName, weights.Shape, Seq2SeqSpecialTokens.Marian(16));
            var files = Directory.EnumerateFiles(folder.FullName, "*", SearchOption.AllDirectories).ToDictionary(
                f => Path.GetRelativePath(folder.FullName, f).Replace(Path.DirectorySeparatorChar, '/'), File.ReadAllBytes, StringComparer.Ordinal);
            files["README.md"] = Encoding.UTF8.GetBytes("# tiny-mt\n");
            files["source.spm"] = Filler("source sentencepiece", 300);
            files["target.spm"] = Filler("target sentencepiece", 300);
            files["vocab.json"] = Encoding.UTF8.GetBytes("{\"</s>\": 0, \"<unk>\": 1, \"<pad>\": 15}\n");
            files["tokenizer_config.json"] = Encoding.UTF8.GetBytes("{\"model_max_length\": 512}\n");
            files["pytorch_model.bin"] = Filler("pytorch weights", 1000);
            files["onnx/encoder_model_quantized.onnx"] = Filler("quantized encoder", 700);
            files["onnx/decoder_model_merged_quantized.onnx"] = Filler("quantized merged decoder", 900);
            return new FakeHubRepo(id, files);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>A repository with PyTorch weights and no ONNX export.</summary>
    public static FakeHubRepo PyTorchOnly(string id) => new(id, new Dictionary<string, byte[]>(StringComparer.Ordinal)
    {
        ["config.json"] = Encoding.UTF8.GetBytes("{\"model_type\": \"marian\"}\n"),
        ["pytorch_model.bin"] = Filler("pytorch weights", 1000),
        ["README.md"] = Encoding.UTF8.GetBytes("# no onnx here\n"),
    });

    /// <summary>Distinct, deterministic bytes.</summary>
    public static byte[] Filler(string seed, int length)
    {
        var bytes = new byte[length];
        new Random(BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(seed)))).NextBytes(bytes);
        return bytes;
    }
}
