using System.Text.RegularExpressions;

namespace BatchWorkers.Cli.Commands.Models.Pull;

/// <summary>
/// Picks the files of a hub repository that make a runnable ONNX model folder: the configuration and tokenizer
/// files at the root, and one variant's ONNX files from <c>onnx/</c> (preferred, as transformers.js exports
/// lay them out) or the root. A seq2seq export takes <c>encoder_model</c> with <c>decoder_model_merged</c>, or
/// without it <c>decoder_model</c> and <c>decoder_with_past_model</c>; a classifier takes <c>model</c>. External
/// weights (<c>*.onnx_data</c>) beside a chosen file come with it.
/// </summary>
internal static partial class ExportSelection
{
    /// <summary>Root files copied when present.</summary>
    public static readonly IReadOnlyList<string> SupportingFiles =
    [
        "config.json", "generation_config.json", "preprocessor_config.json",
        "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
        "source.spm", "target.spm", "spiece.model", "vocab.json", "merges.txt",
    ];

    private const string Encoder = "encoder_model";
    private const string MergedDecoder = "decoder_model_merged";
    private const string Decoder = "decoder_model";
    private const string DecoderWithPast = "decoder_with_past_model";
    private const string Classifier = "model";

    [GeneratedRegex("^(decoder_model_merged|decoder_with_past_model|decoder_model|encoder_model|model)(?:_([A-Za-z0-9_]+))?\\.onnx$")]
    private static partial Regex KnownOnnxName();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_]{0,31}$")]
    private static partial Regex VariantPattern();

    public static bool IsValidVariant(string variant) => VariantPattern().IsMatch(variant);

    /// <summary>The files to download, in repository order.</summary>
    /// <param name="listing">The repository's files.</param>
    /// <param name="repo">The repository id, for messages.</param>
    /// <param name="revision">The revision, for messages.</param>
    /// <param name="variant">The ONNX file suffix (<c>quantized</c> picks <c>encoder_model_quantized.onnx</c>); null for the plain files.</param>
    /// <exception cref="CliException">When the repository has no complete ONNX export of that variant; the message says what it has.</exception>
    public static IReadOnlyList<HubFile> Choose(HubListing listing, string repo, string revision, string? variant)
    {
        var files = listing.Files.GroupBy(f => f.RFilename, StringComparer.Ordinal).Select(g => g.First()).ToList();
        var byPath = files.ToDictionary(f => f.RFilename, StringComparer.Ordinal);
        var onnx = Onnx(byPath, variant)
            ?? throw new CliException(NoExport(files, repo, revision, variant));
        var chosen = new HashSet<string>(StringComparer.Ordinal);
        chosen.UnionWith(files.Where(f => f.Folder.Length == 0 && SupportingFiles.Contains(f.Name)).Select(f => f.RFilename));
        foreach (var file in onnx)
        {
            chosen.Add(file.RFilename);
            chosen.UnionWith(files.Where(f => f.Folder == file.Folder && IsExternalData(f.Name, file.Name)).Select(f => f.RFilename));
        }

        return files.Where(f => chosen.Contains(f.RFilename)).ToList();
    }

    private static List<HubFile>? Onnx(Dictionary<string, HubFile> byPath, string? variant)
    {
        var suffix = variant is null ? "" : "_" + variant;
        foreach (var folder in new[] { "onnx/", "" })
        {
            HubFile? Find(string stem) => byPath.GetValueOrDefault($"{folder}{stem}{suffix}.onnx");
            if (Find(Encoder) is { } encoder)
            {
                List<HubFile?> decoders = Find(MergedDecoder) is { } merged ? [merged] : [Find(Decoder), Find(DecoderWithPast)];
                if (decoders[0] is not null)
                {
                    return [encoder, .. decoders.OfType<HubFile>()];
                }
            }
            else if (Find(Classifier) is { } model)
            {
                return [model];
            }
        }

        return null;
    }

    // Optimum writes model.onnx_data; larger transformers.js exports split it as model.onnx_data_1, …
    private static bool IsExternalData(string name, string onnxName) =>
        name.StartsWith(onnxName + "_data", StringComparison.Ordinal) || name == onnxName + ".data";

    private static string NoExport(List<HubFile> files, string repo, string revision, string? variant)
    {
        var onnxFiles = files.Where(f => f.Name.EndsWith(".onnx", StringComparison.Ordinal)).Select(f => f.RFilename).ToList();
        var what = variant is null ? "ONNX export" : $"ONNX export with --variant {variant}";
        if (onnxFiles.Count == 0)
        {
            return $"{repo} at {revision} has no ONNX files (it has {Some(files.Select(f => f.RFilename))}). "
                + "bw installs ONNX exports: pick a repository that has one (Xenova/… repositories keep theirs under onnx/), "
                + $"or export this one yourself with `optimum-cli export onnx --model {repo} DIR` and copy DIR into STORE/NAME/VERSION/.";
        }

        var variants = onnxFiles
            .Where(p => p.LastIndexOf('/') is var slash && (slash < 0 || p[..slash] == "onnx"))
            .Select(p => KnownOnnxName().Match(p[(p.LastIndexOf('/') + 1)..]))
            .Where(m => m.Success)
            .Select(m => m.Groups[2].Success ? m.Groups[2].Value : null)
            .Distinct()
            .OrderBy(v => v is not null).ThenBy(v => v, StringComparer.Ordinal)
            .Select(v => v is null ? "the plain files (no --variant)" : $"--variant {v}")
            .ToList();
        var hint = variants.Count > 0 ? $" Variants it has: {string.Join(", ", variants)}." : "";
        return $"{repo} at {revision} has no complete {what}: bw looks in onnx/ and the root for encoder_model + decoder_model_merged "
            + $"(or decoder_model + decoder_with_past_model), or model.onnx. Its ONNX files: {Some(onnxFiles)}.{hint}";
    }

    private static string Some(IEnumerable<string> paths)
    {
        var list = paths.ToList();
        return list.Count switch
        {
            0 => "no files",
            <= 12 => string.Join(", ", list),
            _ => $"{string.Join(", ", list.Take(12))} and {list.Count - 12} more",
        };
    }
}
