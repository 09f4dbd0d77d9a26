using System.Text.Json.Serialization;

namespace BatchWorkers.Explainability.Saliency;

/// <summary>How saliency is computed; serialised as its name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SaliencyMethod>))]
public enum SaliencyMethod
{
    /// <summary>
    /// Occlusion sensitivity (Zeiler and Fergus, 2014): a patch of baseline slides over the image; a pixel's value is
    /// the mean drop in the target probability over the patch positions that cover it (negative: occluding it helps).
    /// </summary>
    Occlusion,

    /// <summary>
    /// RISE (Petsiuk et al., 2018): random smooth masks keep each pixel with probability p; a pixel's value is
    /// Σ probability·mask / (N·p), the expected target probability when that pixel is kept.
    /// </summary>
    Rise,
}
