using System.Collections.Concurrent;
using BatchWorkers.Worker.Models;
using Microsoft.ML.OnnxRuntime;

namespace BatchWorkers.Worker.ImageClassification;

/// <summary>One <see cref="ImageClassifier"/> per model version (config files read once, not per chunk).</summary>
public sealed class ImageClassifierCache
{
    private readonly ConcurrentDictionary<string, ImageClassifier> _classifiers = new();

    public ImageClassifier Get(ModelVersionInfo model, InferenceSession session) =>
        _classifiers.GetOrAdd(model.Key, _ => new ImageClassifier(model, session));
}
