using BatchWorkers.Onnx.Samples;
using BatchWorkers.Worker.Models;
using Microsoft.Extensions.Options;

namespace BatchWorkers.Tests.Models;

public sealed class ModelStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("bw-store-").FullName;

    [Fact]
    public void VersionsOf_NumericVersions_OrderedByNumberNotText()
    {
        Install("colours", "10");
        Install("colours", "2");

        Assert.Equal(["2", "10"], Store().VersionsOf("colours").Select(v => v.Version));
    }

    [Fact]
    public void List_FolderWithoutModelOnnx_Ignored()
    {
        Install("colours", "1");
        Directory.CreateDirectory(Path.Combine(_root, "colours", "2"));

        Assert.Equal(["1"], Store().List().Select(v => v.Version));
    }

    [Theory]
    [InlineData("../colours")]
    [InlineData("/etc")]
    [InlineData("..")]
    [InlineData("")]
    public void IsSafeSegment_PathTricks_Rejected(string name) => Assert.False(ModelStore.IsSafeSegment(name));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private ModelStore Store() => new(Options.Create(new ModelOptions { StoreRoot = _root }));

    private void Install(string name, string version) => SampleModels.WriteColourClassifier(Path.Combine(_root, name, version));
}
