namespace BatchWorkers.Worker.Privacy.Encryption;

/// <summary>Section <c>Encryption</c>: the data keys that seal sensitive jobs' inputs and results.</summary>
public sealed class EncryptionOptions
{
    public const string Section = "Encryption";

    /// <summary>Key id → 32-byte key, base64 (<c>openssl rand -base64 32</c>). Default none. Keep old keys until rotated away.</summary>
    public Dictionary<string, string> Keys { get; set; } = [];

    /// <summary>A JSON file of more keys (<c>{"id": "base64", …}</c>), e.g. a mounted Kubernetes secret. Default none.</summary>
    public string? KeysFile { get; set; }

    /// <summary>The key new rows are sealed with; rotation re-seals every other row with it. Default none (no encryption).</summary>
    public string? ActiveKeyId { get; set; }

    /// <summary>Treat jobs that do not say as sensitive. Default false.</summary>
    public bool SensitiveByDefault { get; set; }

    /// <summary>Seal the ONNX files of models that fine-tune jobs train (needs an active key). Default false.</summary>
    public bool SealModels { get; set; }

    /// <summary>Rows re-sealed per transaction by the rotation job. Default 500.</summary>
    public int RotationBatchSize { get; set; } = 500;
}
