namespace BatchWorkers.Training.Export;

/// <summary>The files of an exported Hugging Face style model folder.</summary>
/// <param name="Directory">The folder.</param>
/// <param name="ModelPath"><c>model.onnx</c>: input <c>pixel_values</c> [N, 3, H, W], output <c>logits</c> [N, classes].</param>
/// <param name="ConfigPath"><c>config.json</c> with id2label and label2id.</param>
/// <param name="PreprocessorConfigPath"><c>preprocessor_config.json</c> matching the training normalisation.</param>
/// <param name="OutputsProbabilities">Whether <c>logits</c> went through Softmax.</param>
public sealed record ExportedModel(
    string Directory, string ModelPath, string ConfigPath, string PreprocessorConfigPath, bool OutputsProbabilities);
