using BatchWorkers.Training.Datasets;

namespace BatchWorkers.Worker.FineTuning.Datasets;

/// <summary>Splits images into training and held-out sets with the same class proportions, reproducibly (seeded).</summary>
public static class StratifiedSplit
{
    public static DatasetSplit Split(float[] pixels, int[] labels, int slot, int size, IReadOnlyList<string> classes, double heldOutFraction, int seed)
    {
        var random = new Random(seed);
        var train = new List<int>();
        var heldOut = new List<int>();
        foreach (var group in Enumerable.Range(0, labels.Length).GroupBy(i => labels[i]))
        {
            var indexes = group.OrderBy(_ => random.Next()).ToList();
            // Every class needs at least one held-out and one training image.
            var take = Math.Clamp((int)Math.Round(indexes.Count * heldOutFraction), 1, Math.Max(1, indexes.Count - 1));
            heldOut.AddRange(indexes.Take(take));
            train.AddRange(indexes.Skip(take));
        }

        return new DatasetSplit(Subset(train), Subset(heldOut));

        ImageDataset Subset(List<int> indexes)
        {
            var subsetPixels = new float[indexes.Count * slot];
            var subsetLabels = new int[indexes.Count];
            for (var i = 0; i < indexes.Count; i++)
            {
                Array.Copy(pixels, indexes[i] * slot, subsetPixels, i * slot, slot);
                subsetLabels[i] = labels[indexes[i]];
            }

            return new ImageDataset(subsetPixels, subsetLabels, 3, size, size, classes, ImageNormalization.Symmetric);
        }
    }
}
