using System.Diagnostics;

namespace BatchWorkers.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium in headless mode (test.sh installs it): the DOM after the page's scripts ran and a screenshot,
/// as a person's browser would render the page.
/// </summary>
public static class HeadlessChromium
{
    public static string Executable =>
        new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("Chromium is not installed: ./test.sh installs it (apt-get install chromium).");

    /// <summary>The rendered DOM of <paramref name="url"/>.</summary>
    public static async Task<string> DumpDomAsync(Uri url) => await RunAsync("--dump-dom", url.ToString());

    /// <summary>Saves a PNG screenshot of <paramref name="url"/> and returns its path.</summary>
    public static async Task<string> ScreenshotAsync(Uri url, string path)
    {
        await RunAsync($"--screenshot={path}", "--window-size=1280,1000", url.ToString());
        return File.Exists(path) ? path : throw new InvalidOperationException($"Chromium wrote no screenshot of {url}.");
    }

    private static async Task<string> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        // A fresh profile per run; no sandbox because test machines run as root.
        foreach (var argument in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                     $"--user-data-dir={Directory.CreateTempSubdirectory("bw-chromium-").FullName}", "--virtual-time-budget=5000" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Chromium.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"Chromium exited with {process.ExitCode}: {await errors}");
    }
}
