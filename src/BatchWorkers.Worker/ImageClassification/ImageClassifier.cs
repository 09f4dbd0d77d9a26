using BatchWorkers.Worker.Imaging;
using BatchWorkers.Worker.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace BatchWorkers.Worker.ImageClassification;

/// <summary>What to know about a classifier beyond its session: labels, preprocessing, tensor names, output kind.</summary>
public sealed class ImageClassifier
{
    private readonly string _inputName;
    private readonly string _outputName;
    private readonly bool _outputsProbabilities;

    public ImageClassifier(ModelVersionInfo model, InferenceSession session)
    {
        Model = model;
        _inputName = session.InputMetadata.Keys.First();
        _outputName = session.OutputMetadata.ContainsKey("logits") ? "logits" : session.OutputMetadata.Keys.First();
        // Hugging Face exports output raw logits; models that end in Softmax say so in their metadata.
        _outputsProbabilities = session.ModelMetadata.CustomMetadataMap.TryGetValue("output_kind", out var kind) && kind == "probabilities";
        Settings = PreprocessorSettings.Load(model.Directory);
        Labels = ModelLabels.ReadMap(model.Directory);
    }

    public ModelVersionInfo Model { get; }
    public PreprocessorSettings Settings { get; }
    public IReadOnlyDictionary<int, string> Labels { get; }

    public string LabelOf(int index) => Labels.TryGetValue(index, out var label) ? label : $"class_{index}";

    /// <summary>Runs a batch [n, 3, H, W] on the session and returns probabilities per image.</summary>
    public float[][] Classify(InferenceSession session, DenseTensor<float> batch)
    {
        var inputs = new[] { NamedOnnxValue.CreateFromTensor(_inputName, batch) };
        using var outputs = session.Run(inputs, [_outputName]);
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
