namespace BatchWorkers.Seq2Seq.Tests.Support;

/// <summary>A fresh folder per test, deleted afterwards, so tests never share fixture files.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "seq2seq-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Write(string name, string contents) => System.IO.File.WriteAllText(File(name), contents);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
