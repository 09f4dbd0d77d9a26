namespace BatchWorkers.Explainability.Saliency;

/// <summary>
/// Runs the model on a batch of images, already preprocessed as the model expects them.
/// </summary>
/// <param name="batch">
/// <paramref name="count"/> images in NCHW layout, one after another (count × channels × height × width floats).
/// The memory is reused for the next batch once the call returns: copy it if it must outlive the call.
/// </param>
/// <param name="count">Images in the batch, at least 1 and at most the batch size asked for.</param>
/// <returns>One row of class probabilities per image, in batch order (apply Softmax first to a model's logits).</returns>
public delegate float[][] BatchClassifier(ReadOnlyMemory<float> batch, int count);
