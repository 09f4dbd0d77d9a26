using BatchWorkers.Onnx.Samples;
using BatchWorkers.Tests.Infrastructure;
using BatchWorkers.Worker.Jobs;
using BatchWorkers.Worker.Models;
using Microsoft.Extensions.Options;

namespace BatchWorkers.Tests.Models;

public sealed class ModelCatalogTests : IDisposable
{
    private readonly string _store = Directory.CreateTempSubdirectory("bw-catalog-").FullName;

    [Fact]
    public void Resolve_NoVersion_PicksTheHighestNumberNotTheLastString()
    {
        Install("colours", "2");
        Install("colours", "10");

        Assert.Equal("10", Catalog().Resolve("colours", null).Version);
    }

    [Fact]
    public void Resolve_PinnedVersion_ReturnsThatFolder()
    {
        Install("colours", "1");
        Install("colours", "2");

        var model = Catalog().Resolve("colours", "1");

        Assert.Equal(Path.Combine(_store, "colours", "1"), model.Directory);
    }

    [Theory]
    [InlineData("../colours", null)]
    [InlineData("colours", "../../etc")]
    [InlineData("/etc", null)]
    public void Resolve_PathTricks_Rejected(string name, string? version)
    {
        Install("colours", "1");

        var error = Assert.Throws<JobRejectedException>(() => Catalog().Resolve(name, version));

        Assert.Equal(JobRejectionCodes.ModelNotFound, error.Code);
    }

    [Fact]
    public void Resolve_MissingVersion_ListsInstalledVersions()
    {
        Install("colours", "1");

        var error = Assert.Throws<JobRejectedException>(() => Catalog().Resolve("colours", "7"));

        Assert.Contains("Installed versions: 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_CudaRequestedWithoutCudaBuild_FallsBackToCpuAndSaysSo()
    {
        Install("colours", "1");
        var logger = new RecordingLogger<OnnxSessionCache>();
        using var sessions = new OnnxSessionCache(Options.Create(new ModelOptions { StoreRoot = _store, ExecutionProvider = "cuda" }), logger);

        var loaded = sessions.Get(Catalog().Resolve("colours", null));

        Assert.Equal(OnnxSessionCache.CpuProvider, loaded.ExecutionProvider);
        Assert.Contains(logger.Messages, m => m.Level == Microsoft.Extensions.Logging.LogLevel.Warning && m.Text.Contains("runs on CPU", StringComparison.Ordinal));
        Assert.Same(loaded, sessions.Get(Catalog().Resolve("colours", null)));
    }

    public void Dispose() => Directory.Delete(_store, recursive: true);

    private ModelCatalog Catalog() => new(Options.Create(new ModelOptions { StoreRoot = _store }));

    private void Install(string name, string version) => SampleModels.WriteColourClassifier(Path.Combine(_store, name, version));
}
