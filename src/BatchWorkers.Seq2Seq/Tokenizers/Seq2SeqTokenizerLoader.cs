namespace BatchWorkers.Seq2Seq.Tokenizers;

/// <summary>Loads the right <see cref="ISeq2SeqTokenizer"/> for a Hugging Face model folder.</summary>
public static class Seq2SeqTokenizerLoader
{
    /// <summary>Detects the family (see <see cref="ModelFamilyDetector.Detect"/>) and loads its tokenizer.</summary>
    /// <exception cref="FileNotFoundException">A tokenizer file is missing; the message names it.</exception>
    public static ISeq2SeqTokenizer Load(string modelDirectory) =>
        Load(modelDirectory, ModelFamilyDetector.Detect(modelDirectory));

    /// <summary>Loads the tokenizer of <paramref name="family"/> from <paramref name="modelDirectory"/>.</summary>
    /// <exception cref="FileNotFoundException">A tokenizer file is missing; the message names it.</exception>
    public static ISeq2SeqTokenizer Load(string modelDirectory, ModelFamily family)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelDirectory);
        string Require(string fileName) => RequireFile(modelDirectory, fileName, family);

        return family switch
        {
            ModelFamily.Marian => MarianTokenizer.Load(Require("source.spm"), Require("vocab.json")),
            ModelFamily.Bart => BartTokenizer.Load(Require("vocab.json"), Require("merges.txt")),
            ModelFamily.T5 => T5Tokenizer.Load(Require("spiece.model")),
            _ => throw new ArgumentOutOfRangeException(nameof(family), family, "Unknown model family."),
        };
    }

    private static string RequireFile(string modelDirectory, string fileName, ModelFamily family)
    {
        string path = Path.Combine(modelDirectory, fileName);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException(
                $"The {family} tokenizer needs '{fileName}' in '{modelDirectory}', which is missing.", path);
    }
}
