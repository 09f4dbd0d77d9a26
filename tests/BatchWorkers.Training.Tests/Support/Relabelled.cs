using BatchWorkers.Training.Datasets;

namespace BatchWorkers.Training.Tests.Support;

/// <summary>The same images under other labels: a new task for transfer tests, or deliberately wrong labels.</summary>
internal static class Relabelled
{
    public static ImageDataset Map(ImageDataset data, Func<int, int> label, IReadOnlyList<string>? classNames = null) =>
        new(data.Pixels.ToArray(), data.Labels.Select(label).ToArray(), data.Channels, data.Height, data.Width,
            classNames ?? data.ClassNames, data.Normalization);

    public static double Accuracy(IReadOnlyList<float[]> scores, IReadOnlyList<int> labels) =>
        scores.Select((row, i) => Array.IndexOf(row, row.Max()) == labels[i] ? 1.0 : 0.0).Average();
}
