using System.Globalization;
using BatchWorkers.Onnx.Classifiers;
using BatchWorkers.Onnx.Protos;
using BatchWorkers.Training.Datasets;
using BatchWorkers.Training.Export;
using Google.Protobuf;

namespace BatchWorkers.Training.Transfer;

/// <summary>
/// Writes one ONNX classifier from a base model's backbone and a newly trained head: the base graph up to the
/// feature tensor, then a Gemm (transB = 1) with the head's weights whose output is <c>logits</c>. The old head and
/// anything after it (e.g. Softmax) are dropped. The folder gets config.json and preprocessor_config.json for the
/// new labels, like <see cref="OnnxClassifierExporter"/> writes them.
/// </summary>
public static class OnnxHeadGraft
{
    private const string WeightName = "transfer_head.weight";
    private const string BiasName = "transfer_head.bias";

    /// <summary>Writes <c>model.onnx</c>, <c>config.json</c> and <c>preprocessor_config.json</c> to <paramref name="directory"/>.</summary>
    /// <param name="baseModel">The base classifier (e.g. <see cref="OnnxFeatureExtractor.BaseModel"/>); not changed.</param>
    /// <param name="featureTensor">The tensor the new head reads.</param>
    /// <param name="head">The trained head; its feature count must match the tensor's width.</param>
    /// <param name="classNames">The new task's labels, in class-index order.</param>
    /// <param name="normalization">The preprocessing the base model expects (written to preprocessor_config.json).</param>
    /// <param name="directory">The folder to write (created; existing files are overwritten).</param>
    /// <param name="modelType">config.json <c>model_type</c>. Default: "batchworkers-transfer".</param>
    /// <exception cref="ArgumentException">Labels or widths do not match the head, or the input is not a fixed-size image.</exception>
    /// <exception cref="InvalidOperationException">No Gemm reads <paramref name="featureTensor"/>, or no node makes it.</exception>
    public static ExportedModel Write(
        ModelProto baseModel,
        string featureTensor,
        LinearHead head,
        IReadOnlyList<string> classNames,
        ImageNormalization normalization,
        string directory,
        string modelType = "batchworkers-transfer")
    {
        ArgumentNullException.ThrowIfNull(baseModel);
        ArgumentException.ThrowIfNullOrWhiteSpace(featureTensor);
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(normalization);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (classNames.Count != head.ClassCount)
        {
            throw new ArgumentException($"The head has {head.ClassCount} classes but {classNames.Count} labels were given.", nameof(classNames));
        }

        var featureCount = OnnxGraphEdits.FeatureCount(baseModel.Graph, featureTensor);
        if (featureCount != head.FeatureCount)
        {
            throw new ArgumentException($"'{featureTensor}' has {featureCount} features but the head takes {head.FeatureCount}.", nameof(head));
        }

        // config.json and preprocessor_config.json need the fixed [N, C, H, W] input ClassifierBuilder writes.
        if (baseModel.Graph.Input.FirstOrDefault()?.Type?.TensorType?.Shape?.Dim is not { Count: 4 } dims || dims.Skip(1).Any(dim => dim.DimValue < 1))
        {
            throw new ArgumentException("The base model's first input must be [N, C, H, W] with fixed C, H and W.", nameof(baseModel));
        }

        var model = Graft(baseModel, featureTensor, head, classNames);
        Directory.CreateDirectory(directory);
        var modelPath = Path.Combine(directory, OnnxClassifierExporter.ModelFileName);
        File.WriteAllBytes(modelPath, model.ToByteArray());
        var input = model.Graph.Input[0].Type.TensorType.Shape.Dim;
        return new ExportedModel(
            Path.GetFullPath(directory),
            Path.GetFullPath(modelPath),
            HuggingFaceClassifierFiles.WriteConfig(directory, classNames, modelType, (int)input[1].DimValue),
            HuggingFaceClassifierFiles.WritePreprocessorConfig(directory, (int)input[2].DimValue, normalization.Mean, normalization.Std),
            OutputsProbabilities: false);
    }

    private static ModelProto Graft(ModelProto baseModel, string featureTensor, LinearHead head, IReadOnlyList<string> classNames)
    {
        var model = baseModel.Clone();
        var graph = model.Graph;
        var kept = Backbone(graph, featureTensor);
        var used = kept.SelectMany(node => node.Input).ToHashSet();
        if (used.Contains(WeightName) || used.Contains(BiasName) || kept.Any(node => node.Output.Contains(ClassifierBuilder.OutputName)))
        {
            throw new InvalidOperationException($"The backbone already uses a name the new head needs ({WeightName}, {BiasName} or logits).");
        }

        // Keep only what the backbone reads: the old head's weights would otherwise ship as dead initializers.
        var initializers = graph.Initializer.Where(tensor => used.Contains(tensor.Name)).ToList();
        var inputs = graph.Input.Where(input => used.Contains(input.Name)).ToList();
        var valueInfo = graph.ValueInfo.Where(info => kept.Any(node => node.Output.Contains(info.Name))).ToList();
        var batch = OnnxGraphEdits.BatchDim(graph);
        graph.Node.Clear();
        graph.Initializer.Clear();
        graph.Input.Clear();
        graph.ValueInfo.Clear();
        graph.Node.Add(kept);
        graph.Node.Add(new NodeProto
        {
            Name = "transfer_head",
            OpType = "Gemm",
            Input = { featureTensor, WeightName, BiasName },
            Output = { ClassifierBuilder.OutputName },
            Attribute = { new AttributeProto { Name = "transB", I = 1, Type = AttributeProto.Types.AttributeType.Int } },
        });
        graph.Initializer.Add(initializers);
        graph.Initializer.Add(OnnxGraphEdits.FloatTensor(WeightName, head.Weight(), head.ClassCount, head.FeatureCount));
        graph.Initializer.Add(OnnxGraphEdits.FloatTensor(BiasName, head.Bias(), head.ClassCount));
        graph.Input.Add(inputs);
        graph.ValueInfo.Add(valueInfo);
        graph.Output.Clear();
        graph.Output.Add(OnnxGraphEdits.FloatMatrix(ClassifierBuilder.OutputName, batch, head.ClassCount));

        SetMetadata(model, ClassifierBuilder.OutputKindKey, "logits");
        SetMetadata(model, "labels", string.Join(",", classNames));
        SetMetadata(model, "transfer_feature_tensor", featureTensor);
        SetMetadata(model, "transfer_feature_count", head.FeatureCount.ToString(CultureInfo.InvariantCulture));
        return model;
    }

    /// <summary>The nodes the feature tensor depends on, in their original (topological) order.</summary>
    private static List<NodeProto> Backbone(GraphProto graph, string featureTensor)
    {
        var needed = new HashSet<string> { featureTensor };
        var kept = new List<NodeProto>();
        foreach (var node in graph.Node.Reverse())
        {
            if (node.Output.Any(needed.Contains))
            {
                kept.Add(node);
                needed.UnionWith(node.Input);
            }
        }

        if (kept.Count == 0)
        {
            throw new InvalidOperationException($"No node of the base graph produces '{featureTensor}'.");
        }

        kept.Reverse();
        return kept;
    }

    private static void SetMetadata(ModelProto model, string key, string value)
    {
        var entry = model.MetadataProps.FirstOrDefault(existing => existing.Key == key);
        if (entry is null)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }
        else
        {
            entry.Value = value;
        }
    }
}
