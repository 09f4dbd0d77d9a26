using System.Diagnostics;
using BatchWorkers.Testing;

namespace BatchWorkers.Tests.Infrastructure;

/// <summary>The worker as a separate OS process (the built BatchWorkers.Worker.dll), so a test can SIGKILL it.</summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private WorkerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int Id => _process.Id;

    public static async Task<WorkerProcess> StartAsync(IReadOnlyDictionary<string, string> settings, int port)
    {
        var withPort = new Dictionary<string, string>(settings) { ["urls"] = $"http://127.0.0.1:{port}" };
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(WorkerDll());
        foreach (var arg in WorkerSettings.ToArgs(withPort))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the worker process.");
        // Drain the pipes so the worker never blocks on a full stdout.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var worker = new WorkerProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        using var http = new HttpClient { BaseAddress = worker.Address };
        await Eventually.HoldsAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The worker process exited with code {process.ExitCode} while starting.");
            }

            try
            {
                return (await http.GetAsync("health/ready")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, $"worker process {process.Id} to become ready", TimeSpan.FromSeconds(90));
        return worker;
    }

    /// <summary>SIGKILL: no shutdown, no acknowledgements, exactly like a crashed or OOM-killed pod.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, as Kubernetes stops a pod: the host shuts down gracefully. Waits for the process to exit.</summary>
    public async Task StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
    }

    public static int FreePort() => BuiltWorker.FreePort();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static string WorkerDll() =>
        BuiltWorker.DllPath() is var dll && File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the worker first: {dll} is missing.");
}
