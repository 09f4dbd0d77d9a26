using System.Net;
using System.Net.Sockets;

namespace BatchWorkers.Testing;

/// <summary>
/// Where the worker built alongside this test or benchmark assembly lies, for running it as an OS process; shared
/// as a linked source file by the test and benchmark projects.
/// </summary>
internal static class BuiltWorker
{
    /// <summary>src/BatchWorkers.Worker/bin/CONFIGURATION/net10.0/BatchWorkers.Worker.dll of this checkout (it may not exist yet).</summary>
    public static string DllPath()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "BatchWorkers.sln")))
        {
            directory = directory.Parent;
        }

        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        return Path.Combine(directory?.FullName ?? ".", "src", "BatchWorkers.Worker", "bin", configuration, "net10.0", "BatchWorkers.Worker.dll");
    }

    /// <summary>A loopback port free at the moment of asking.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
