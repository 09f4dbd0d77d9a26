using System.Globalization;

namespace BatchWorkers.Benchmarks.Workload;

/// <summary>
/// Benchmark JPEGs written as files, referenced by <c>file://</c> URIs: how a client submits a job too large to send
/// inline (10,000 photos are ~250 MB, above RabbitMQ's 128 MiB message limit), from storage the worker can read.
/// </summary>
public static class ImageFiles
{
    /// <summary>Distinct images drawn; larger jobs reuse them under other file names (the worker caches nothing).</summary>
    public const int DistinctImages = 256;

    /// <summary>Writes <paramref name="count"/> files into <paramref name="folder"/> and returns their URIs and average size.</summary>
    public static (IReadOnlyList<string> Uris, double AverageBytes) Write(string folder, int count, int seed)
    {
        Directory.CreateDirectory(folder);
        var images = BenchImages.Generate(Math.Min(count, DistinctImages), seed);
        var uris = new List<string>(count);
        long bytes = 0;
        for (var i = 0; i < count; i++)
        {
            var image = images[i % images.Count];
            var path = Path.Combine(folder, $"image-{i.ToString("D5", CultureInfo.InvariantCulture)}.jpg");
            File.WriteAllBytes(path, image);
            bytes += image.Length;
            uris.Add(new Uri(path).AbsoluteUri);
        }

        return (uris, (double)bytes / count);
    }
}
