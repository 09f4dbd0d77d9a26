using System.Diagnostics;

namespace BatchWorkers.Tests.Faults;

/// <summary>
/// Restarts or crashes the fault suite's own PostgreSQL or RabbitMQ through <c>scripts/services.sh</c>. Only private
/// instances started by <c>./test.sh --faults</c> (which sets BW_FAULTS_SERVICES) are touched: on shared or external
/// services the suite says so instead of running.
/// </summary>
public static class FaultServices
{
    public static void RequirePrivate()
    {
        if (Environment.GetEnvironmentVariable("BW_FAULTS_SERVICES") != "private")
        {
            throw new InvalidOperationException(
                "The fault suite restarts PostgreSQL and RabbitMQ, so it runs only on private instances of its own: run it with ./test.sh --faults.");
        }
    }

    /// <summary>A clean stop (<c>pg_ctl -m fast</c>; SIGTERM to the broker), then a start.</summary>
    public static Task RestartAsync(string service) => RunAsync("restart", service);

    /// <summary>SIGKILL to every process of the service, as a crash would, then a start that recovers from it.</summary>
    public static Task KillAsync(string service) => RunAsync("kill", service);

    private static async Task RunAsync(string action, string service)
    {
        RequirePrivate();
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = FaultCluster.RepositoryRoot };
        start.ArgumentList.Add("scripts/services.sh");
        start.ArgumentList.Add(action);
        start.ArgumentList.Add(service);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not run scripts/services.sh.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/services.sh {action} {service} failed ({process.ExitCode}): {await output}{await errors}");
        }
    }
}
