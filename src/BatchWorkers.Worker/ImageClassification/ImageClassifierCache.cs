using System.Collections.Concurrent;
using BatchWorkers.Worker.Models;

namespace BatchWorkers.Worker.ImageClassification;

/// <summary>One <see cref="ImageClassifier"/> per model version, over the shared session cache.</summary>
public sealed class ImageClassifierCache(OnnxSessionCache sessions)
{
    private readonly ConcurrentDictionary<string, ImageClassifier> _classifiers = new();

    public ImageClassifier Get(ModelVersionInfo model) =>
        _classifiers.TryGetValue(model.Key, out var cached)
            ? cached
            : _classifiers.GetOrAdd(model.Key, _ => new ImageClassifier(model, sessions.Get(model)));
}
