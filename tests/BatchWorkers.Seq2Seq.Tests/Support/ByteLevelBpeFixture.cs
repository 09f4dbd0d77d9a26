using System.Text;
using System.Text.Json;

namespace BatchWorkers.Seq2Seq.Tests.Support;

/// <summary>
/// Writes a tiny GPT-2 style byte-level BPE (vocab.json + merges.txt) the way BART ships it: the special
/// tokens first, all 256 byte characters (so any UTF-8 text encodes), a few merges, &lt;mask&gt; last.
/// </summary>
internal static class ByteLevelBpeFixture
{
    public const int Bos = 0;
    public const int Pad = 1;
    public const int Eos = 2;
    public const int Unknown = 3;

    private static readonly string[] Merges =
    [
        "H e", "l l", "He ll", "Hell o", "Ġ w", "o r", "Ġw or", "l d", "Ġwor ld",
    ];

    public static IReadOnlyDictionary<string, int> Write(string directory, bool withConfig = true)
    {
        var vocabulary = new Dictionary<string, int> { ["<s>"] = Bos, ["<pad>"] = Pad, ["</s>"] = Eos, ["<unk>"] = Unknown };
        foreach (char symbol in ByteSymbols())
        {
            vocabulary.TryAdd(symbol.ToString(), vocabulary.Count);
        }

        foreach (string merge in Merges)
        {
            vocabulary.TryAdd(merge.Replace(" ", string.Empty, StringComparison.Ordinal), vocabulary.Count);
        }

        vocabulary["<mask>"] = vocabulary.Count;
        File.WriteAllText(Path.Combine(directory, "vocab.json"), JsonSerializer.Serialize(vocabulary));
        var merges = new StringBuilder("#version: 0.2\n");
        foreach (string merge in Merges)
        {
            merges.Append(merge).Append('\n');
        }

        File.WriteAllText(Path.Combine(directory, "merges.txt"), merges.ToString());
        if (withConfig)
        {
            File.WriteAllText(Path.Combine(directory, "config.json"), """{ "model_type": "bart" }""");
        }

        return vocabulary;
    }

    // GPT-2's bytes_to_unicode: printable Latin-1 bytes stand for themselves, the rest move to 256 + n.
    private static IEnumerable<char> ByteSymbols()
    {
        int shifted = 0;
        for (int b = 0; b < 256; b++)
        {
            bool printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            yield return printable ? (char)b : (char)(256 + shifted++);
        }
    }
}
