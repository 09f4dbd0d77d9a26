using System.Globalization;

namespace BatchWorkers.Seq2Seq.Tests.Support;

/// <summary>
/// One row of a trained model's <c>reference.tsv</c>: what Google's spm_encode and spm_decode made of a test
/// sentence (see scripts/fixtures/train-tokenizers.sh).
/// </summary>
/// <param name="Decoded">spm_decode of <paramref name="Ids"/>, where &lt;unk&gt; reads " ⁇ ".</param>
/// <param name="DecodedWithoutUnknown">spm_decode of the ids with &lt;unk&gt; left out, as skip_special_tokens does.</param>
internal sealed record SpmReference(string Text, string[] Pieces, int[] Ids, string Decoded, string DecodedWithoutUnknown)
{
    /// <summary>The trained models' folder, copied beside the test assembly.</summary>
    public static string File(string model, string name) =>
        Path.Combine(AppContext.BaseDirectory, "Fixtures", "tokenizers", model, name);

    public static IReadOnlyList<SpmReference> Read(string model) =>
        [.. System.IO.File.ReadLines(File(model, "reference.tsv")).Skip(1).Select(Parse)];

    private static SpmReference Parse(string line)
    {
        string[] columns = line.Split('\t');
        if (columns.Length != 5)
        {
            throw new InvalidDataException($"A reference row needs 5 tab-separated columns: '{line}'.");
        }

        return new SpmReference(
            columns[0],
            columns[1].Split(' '),
            [.. columns[2].Split(' ').Select(id => int.Parse(id, CultureInfo.InvariantCulture))],
            columns[3],
            columns[4]);
    }
}
