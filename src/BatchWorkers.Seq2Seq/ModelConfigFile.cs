using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchWorkers.Seq2Seq;

/// <summary>Reads the JSON files of a Hugging Face model folder (<c>config.json</c>, <c>generation_config.json</c>).</summary>
internal static class ModelConfigFile
{
    public const string ConfigFileName = "config.json";
    public const string GenerationConfigFileName = "generation_config.json";

    /// <summary>Returns the file's top-level object, or null when the file does not exist.</summary>
    /// <exception cref="InvalidDataException">The file is not a JSON object.</exception>
    public static JsonObject? ReadObject(string modelDirectory, string fileName)
    {
        string path = Path.Combine(modelDirectory, fileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using FileStream stream = File.OpenRead(path);
            return JsonNode.Parse(stream) as JsonObject
                ?? throw new InvalidDataException($"'{path}' does not hold a JSON object.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not valid JSON: {e.Message}", e);
        }
    }
}
