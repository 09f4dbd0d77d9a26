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
        // A dense output is read as one span: the Tensor indexer costs a bounds-checked call per value.
        var all = scores is DenseTensor<float> dense ? dense.Buffer.Span : scores.ToArray();
        var result = new float[rows][];
        for (var row = 0; row < rows; row++)
        {
            var values = all.Slice(row * classes, classes).ToArray();
            if (!_outputsProbabilities)
            {
                SoftmaxInPlace(values);
            }

            result[row] = values;
        }

        return result;
    }

    private static void SoftmaxInPlace(float[] logits)
    {
        var max = float.NegativeInfinity;
        foreach (var value in logits)
        {
            max = Math.Max(max, value);
        }

        var sum = 0f;
        for (var i = 0; i < logits.Length; i++)
        {
            logits[i] = MathF.Exp(logits[i] - max);
            sum += logits[i];
        }

        for (var i = 0; i < logits.Length; i++)
        {
            logits[i] /= sum;
        }
    }
}
