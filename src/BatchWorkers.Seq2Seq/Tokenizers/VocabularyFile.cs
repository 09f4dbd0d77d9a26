using System.Text.Json;

namespace BatchWorkers.Seq2Seq.Tokenizers;

/// <summary>Reads a Hugging Face <c>vocab.json</c>: one JSON object mapping token strings to ids.</summary>
internal static class VocabularyFile
{
    public static Dictionary<string, int> Read(string path)
    {
        try
        {
            using FileStream stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<Dictionary<string, int>>(stream)
                ?? throw new InvalidDataException($"'{path}' holds null instead of a vocabulary object.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a token → id JSON object: {e.Message}", e);
        }
    }

    /// <summary>Builds the id → token table; ids missing from the file stay null.</summary>
    public static string?[] Reverse(IReadOnlyDictionary<string, int> vocabulary, string path)
    {
        int size = vocabulary.Count == 0 ? 0 : vocabulary.Values.Max() + 1;
        var tokens = new string?[size];
        foreach ((string token, int id) in vocabulary)
        {
            if (id < 0)
            {
                throw new InvalidDataException($"'{path}' gives '{token}' the negative id {id}.");
            }

            tokens[id] = token;
        }

        return tokens;
    }

    public static int RequireId(IReadOnlyDictionary<string, int> vocabulary, string token, string path) =>
        vocabulary.TryGetValue(token, out int id)
            ? id
            : throw new InvalidDataException($"'{path}' has no '{token}' token.");
}
