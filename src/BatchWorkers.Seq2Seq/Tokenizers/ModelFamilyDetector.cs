using System.Text.Json.Nodes;

namespace BatchWorkers.Seq2Seq.Tokenizers;

/// <summary>Tells which <see cref="ModelFamily"/> a model folder holds.</summary>
public static class ModelFamilyDetector
{
    /// <summary>
    /// Reads <c>config.json</c>'s <c>model_type</c> (marian, bart, t5); without one, goes by the tokenizer
    /// files present (<c>source.spm</c>, <c>spiece.model</c>, <c>merges.txt</c>).
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="NotSupportedException"><c>model_type</c> names another family.</exception>
    /// <exception cref="FileNotFoundException">Neither <c>model_type</c> nor the files tell the family.</exception>
    public static ModelFamily Detect(string modelDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelDirectory);
        if (!Directory.Exists(modelDirectory))
        {
            throw new DirectoryNotFoundException($"The model folder '{modelDirectory}' does not exist.");
        }

        JsonObject? config = ModelConfigFile.ReadObject(modelDirectory, ModelConfigFile.ConfigFileName);
        if (config?["model_type"] is JsonValue modelType && modelType.TryGetValue(out string? name))
        {
            return name.ToUpperInvariant() switch
            {
                "MARIAN" => ModelFamily.Marian,
                "BART" => ModelFamily.Bart,
                "T5" => ModelFamily.T5,
                _ => throw new NotSupportedException(
                    $"'{Path.Combine(modelDirectory, ModelConfigFile.ConfigFileName)}' has model_type '{name}'; "
                    + "supported are marian, bart and t5."),
            };
        }

        return FromFiles(modelDirectory);
    }

    private static ModelFamily FromFiles(string modelDirectory)
    {
        bool Has(string fileName) => File.Exists(Path.Combine(modelDirectory, fileName));

        return Has("source.spm") ? ModelFamily.Marian
            : Has("spiece.model") ? ModelFamily.T5
            : Has("merges.txt") ? ModelFamily.Bart
            : throw new FileNotFoundException(
                $"Cannot tell the model family of '{modelDirectory}': there is no config.json with a model_type, "
                + "and none of source.spm (Marian), spiece.model (T5) or merges.txt (BART).");
    }
}
