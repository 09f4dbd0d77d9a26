using BatchWorkers.Onnx.Classifiers;

namespace BatchWorkers.Onnx.Samples;

/// <summary>
/// Designed weights that make a correct dominant-colour classifier. Inputs are normalised to [−1, 1].
/// Channel c's feature is 2·x_c − x_other1 − x_other2: how much more of c a pixel has than of the rest.
/// After Relu and the global average, a pure red image gives features (4, 0, 0); the head scales by 3, so
/// its logits are (12, 0, 0) and softmax gives red ≈ 0.99999. Grey or white pixels score 0 for every class.
/// </summary>
internal static class ColourClassifierWeights
{
    private const float HeadScale = 3f;

    public static ConvBlock ChannelContrast { get; } = new(
        Weight:
        [
            2f, -1f, -1f,
            -1f, 2f, -1f,
            -1f, -1f, 2f,
        ],
        OutChannels: 3,
        InChannels: 3,
        KernelSize: 1,
        Bias: [0f, 0f, 0f]);

    public static LinearWeights Head { get; } = new(
        Weight:
        [
            HeadScale, 0f, 0f,
            0f, HeadScale, 0f,
            0f, 0f, HeadScale,
        ],
        Bias: [0f, 0f, 0f],
        OutFeatures: 3,
        InFeatures: 3);
}
