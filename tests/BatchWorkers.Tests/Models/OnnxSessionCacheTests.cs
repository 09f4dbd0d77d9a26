using BatchWorkers.Onnx.Samples;
using BatchWorkers.Tests.Infrastructure;
using BatchWorkers.Worker.Models;
using BatchWorkers.Worker.Models.Registry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BatchWorkers.Tests.Models;

public sealed class OnnxSessionCacheTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bw-sessions-").FullName;

    /// <summary>Plain model files only (no data key): what these tests load.</summary>
    private static readonly ModelFiles PlainFiles = new(new BatchWorkers.Worker.Privacy.Encryption.RowCipher(
        new BatchWorkers.Worker.Privacy.Encryption.KeyRing(Options.Create(new BatchWorkers.Worker.Privacy.Encryption.EncryptionOptions()))));

    [Fact]
    public async Task Acquire_CudaRequestedWithoutCudaBuild_FallsBackToCpuAndSaysSo()
    {
        var model = await InstallAsync();
        var logger = new RecordingLogger<OnnxSessionCache>();
        using var sessions = new OnnxSessionCache(Options.Create(new ModelOptions { ExecutionProvider = "cuda" }), PlainFiles, logger);

        using var lease = sessions.Acquire(model);
        using var again = sessions.Acquire(model);

        Assert.Equal(OnnxSessionCache.CpuProvider, lease.Loaded.ExecutionProvider);
        Assert.Contains(logger.Messages, m => m.Level == Microsoft.Extensions.Logging.LogLevel.Warning && m.Text.Contains("runs on CPU", StringComparison.Ordinal));
        Assert.Same(lease.Loaded, again.Loaded);
    }

    [Fact]
    public async Task Retire_WhileLeased_DisposedOnlyAfterTheLastLeaseEnds()
    {
        var model = await InstallAsync();
        using var sessions = new OnnxSessionCache(Options.Create(new ModelOptions()), PlainFiles, NullLogger<OnnxSessionCache>.Instance);
        var lease = sessions.Acquire(model);

        sessions.Retire(model.Key);
        var disposedWhileLeased = lease.IsSessionDisposed;
        lease.Dispose();
        using var fresh = sessions.Acquire(model);

        Assert.False(disposedWhileLeased);
        Assert.True(lease.IsSessionDisposed);
        Assert.NotSame(lease.Loaded, fresh.Loaded);
        Assert.False(fresh.IsSessionDisposed);
    }

    [Fact]
    public async Task RetireIdle_UnusedSessionUnloaded_LeasedOneKept()
    {
        var model = await InstallAsync();
        using var sessions = new OnnxSessionCache(Options.Create(new ModelOptions()), PlainFiles, NullLogger<OnnxSessionCache>.Instance);
        var idle = sessions.Acquire(model);
        idle.Dispose();

        var whileIdle = sessions.RetireIdle(TimeSpan.Zero);
        using var busy = sessions.Acquire(model);
        var whileBusy = sessions.RetireIdle(TimeSpan.Zero);

        Assert.Equal(1, whileIdle);
        Assert.True(idle.IsSessionDisposed);
        Assert.Equal(0, whileBusy);
        Assert.False(busy.IsSessionDisposed);
    }

    [Fact]
    public async Task Acquire_ArtifactChangedAfterRegistration_RefusedWithCriticalLog()
    {
        var model = await InstallAsync();
        await File.AppendAllTextAsync(model.ModelPath, "tampered");
        var logger = new RecordingLogger<OnnxSessionCache>();
        using var sessions = new OnnxSessionCache(Options.Create(new ModelOptions()), PlainFiles, logger);

        var error = Assert.Throws<ModelIntegrityException>(() => sessions.Acquire(model));

        Assert.Contains("does not match the registered sha256", error.Message, StringComparison.Ordinal);
        Assert.Contains(logger.Messages, m => m.Level == Microsoft.Extensions.Logging.LogLevel.Critical);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<ModelVersionInfo> InstallAsync()
    {
        var directory = Path.Combine(_folder, "colours", "1");
        SampleModels.WriteColourClassifier(directory);
        var path = Path.Combine(directory, "model.onnx");
        return new ModelVersionInfo("colours", "1", directory, await ModelArtifacts.FileSha256Async(path, CancellationToken.None));
    }
}
