using System.Diagnostics;

namespace BatchWorkers.Tests.Faults;

/// <summary>
/// Restarts the fault suite's own PostgreSQL or RabbitMQ through <c>scripts/services.sh restart</c>. Only private
/// instances started by <c>./test.sh --faults</c> (which sets BW_FAULTS_SERVICES) may be restarted: shared or
/// external services are never touched, and the suite says so instead of running.
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

    public static async Task RestartAsync(string service)
    {
        RequirePrivate();
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = FaultCluster.RepositoryRoot };
        start.ArgumentList.Add("scripts/services.sh");
        start.ArgumentList.Add("restart");
        start.ArgumentList.Add(service);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not run scripts/services.sh.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/services.sh restart {service} failed ({process.ExitCode}): {await output}{await errors}");
        }
    }
}
