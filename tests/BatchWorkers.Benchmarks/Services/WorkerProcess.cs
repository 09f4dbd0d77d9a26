using System.Diagnostics;
using System.Globalization;
using BatchWorkers.Benchmarks.Measurements;
using BatchWorkers.Testing;

namespace BatchWorkers.Benchmarks.Services;

/// <summary>
/// The worker as a separate OS process (the built BatchWorkers.Worker.dll, as deployed), so its memory and CPU are
/// its own and several of them are real competing consumers.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);
    private const int KeptLogLines = 40;

    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();

    private WorkerProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the worker with <paramref name="configuration"/> (its <c>urls</c> replaced by a free port) and waits until /health/ready answers.</summary>
    public static async Task<WorkerProcess> StartAsync(IReadOnlyDictionary<string, string> configuration, CancellationToken cancellationToken)
    {
        var port = BuiltWorker.FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(WorkerDll());
        foreach (var arg in WorkerConfiguration.ToArgs(new Dictionary<string, string>(configuration) { ["urls"] = $"http://127.0.0.1:{port}" }))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new BenchmarkException("Could not start the worker process.");
        var worker = new WorkerProcess(process);
        // Drain the pipes so the worker never blocks on a full stdout; keep the tail for error messages.
        process.OutputDataReceived += (_, e) => worker.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await worker.WaitUntilReadyAsync(port, cancellationToken);
        }
        catch
        {
            await worker.DisposeAsync();
            throw;
        }

        return worker;
    }

    /// <summary>Resident memory now and at its peak, from /proc.</summary>
    public ProcessMemory Memory() => ProcessMemory.Read(_process.Id);

    /// <summary>User + system CPU time the process has used.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>The worker's last log lines, for an error message.</summary>
    public string LogTail()
    {
        lock (_lastLines)
        {
            return string.Join(Environment.NewLine, _lastLines);
        }
    }

    private async Task WaitUntilReadyAsync(int port, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < ReadyTimeout)
        {
            if (_process.HasExited)
            {
                throw new BenchmarkException($"The worker process exited with code {_process.ExitCode} while starting:{Environment.NewLine}{LogTail()}");
            }

            try
            {
                using var response = await http.GetAsync("health/ready", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }

        throw new BenchmarkException($"The worker process did not become ready within {ReadyTimeout.TotalSeconds:0} s:{Environment.NewLine}{LogTail()}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            while (_lastLines.Count > KeptLogLines)
            {
                _lastLines.Dequeue();
            }
        }
    }

    /// <summary>SIGTERM, as an orchestrator stops a worker, then a kill if it does not exit in time.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            try
            {
                await _process.WaitForExitAsync().WaitAsync(StopTimeout);
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }

    private static string WorkerDll() =>
        BuiltWorker.DllPath() is var dll && File.Exists(dll) ? dll : throw new BenchmarkException($"Build the worker first: {dll} is missing.");
}
