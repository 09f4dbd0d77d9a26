using BatchWorkers.Worker.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace BatchWorkers.Worker.ImageClassification;

/// <summary>A loaded classifier: its shared session, labels, preprocessing, and whether it already outputs probabilities.</summary>
public sealed class ImageClassifier
{
    private readonly string _inputName;
    private readonly string _outputName;
    private readonly bool _outputsProbabilities;

    public ImageClassifier(ModelVersionInfo model, LoadedSession loaded)
    {
        Model = model;
        Session = loaded.Session;
        ExecutionProvider = loaded.ExecutionProvider;
        _inputName = Session.InputMetadata.Keys.First();
        _outputName = Session.OutputMetadata.ContainsKey("logits") ? "logits" : Session.OutputMetadata.Keys.First();
        // Hugging Face exports output raw logits; models that end in Softmax say so in their metadata.
        _outputsProbabilities = Session.ModelMetadata.CustomMetadataMap.TryGetValue("output_kind", out var kind) && kind == "probabilities";
        Settings = PreprocessorSettings.Load(model.Directory);
        Labels = ModelLabels.ReadMap(model.Directory);
    }

    public ModelVersionInfo Model { get; }
    public InferenceSession Session { get; }
    public string ExecutionProvider { get; }
    public PreprocessorSettings Settings { get; }
    public IReadOnlyDictionary<int, string> Labels { get; }

    public string LabelOf(int index) => Labels.TryGetValue(index, out var label) ? label : $"class_{index}";

    /// <summary>Runs a batch [n, 3, H, W] and returns probabilities per image.</summary>
    public float[][] Classify(DenseTensor<float> batch)
    {
        var inputs = new[] { NamedOnnxValue.CreateFromTensor(_inputName, batch) };
        using var outputs = Session.Run(inputs, [_outputName]);
        var scores = outputs[0].AsTensor<float>();
        var (rows, classes) = (scores.Dimensions[0], scores.Dimensions[1]);
        var result = new float[rows][];
        for (var row = 0; row < rows; row++)
        {
            var values = new float[classes];
            for (var c = 0; c < classes; c++)
            {
                values[c] = scores[row, c];
            }

            result[row] = _outputsProbabilities ? values : Softmax(values);
        }

        return result;
    }

    private static float[] Softmax(float[] logits)
    {
        var max = logits.Max();
        var exps = logits.Select(v => MathF.Exp(v - max)).ToArray();
        var sum = exps.Sum();
        return exps.Select(e => e / sum).ToArray();
    }
}
