using System.CommandLine;
using BatchWorkers.Contracts;
using Spectre.Console;

namespace BatchWorkers.Cli;

/// <summary>What every command shares: the consoles, the global options and how to reach the worker.</summary>
/// <param name="output">Where results go.</param>
/// <param name="error">Where errors go (the same console as <paramref name="output"/> in tests).</param>
/// <param name="handler">An HTTP handler to send with instead of a new <see cref="SocketsHttpHandler"/>; not disposed.</param>
/// <param name="timeProvider">Paces polling; <see cref="TimeProvider.System"/> when null.</param>
public sealed class CliContext(IAnsiConsole output, IAnsiConsole error, HttpMessageHandler? handler = null, TimeProvider? timeProvider = null)
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public IAnsiConsole Out { get; } = output;

    public IAnsiConsole Error { get; } = error;

    public TimeProvider Time { get; } = timeProvider ?? TimeProvider.System;

    /// <summary><c>--url</c>: the worker's base address. Default: <c>BW_URL</c>, else <see cref="DefaultUrl"/>.</summary>
    public Option<string?> UrlOption { get; } = new("--url")
    {
        Description = $"The worker's address [env: BW_URL, default: {DefaultUrl}]",
        HelpName = "url",
        Recursive = true,
    };

    /// <summary>
    /// <c>--api-key</c>: sent as <c>X-Api-Key</c>; only needed from another machine. Default: <c>BW_API_KEY</c>,
    /// read here rather than as the option's default so that help never prints it.
    /// </summary>
    public Option<string?> ApiKeyOption { get; } = new("--api-key")
    {
        Description = "API key for a worker on another machine [env: BW_API_KEY]",
        HelpName = "key",
        Recursive = true,
    };

    internal void AddGlobalOptions(Command root)
    {
        root.Add(UrlOption);
        root.Add(ApiKeyOption);
    }

    /// <summary>
    /// Runs a command's work with a client for the worker named on the command line, and turns the ways it can
    /// fail (worker down, API key missing, problem details, bad input, Ctrl+C) into a message and an exit code.
    /// </summary>
    public async Task<int> RunAsync(
        ParseResult parseResult, Func<BatchWorkersApiClient, CancellationToken, Task<int>> work, CancellationToken cancellationToken)
    {
        var url = parseResult.GetValue(UrlOption) ?? FromEnvironment("BW_URL") ?? DefaultUrl;
        var apiKey = parseResult.GetValue(ApiKeyOption) ?? FromEnvironment("BW_API_KEY");
        try
        {
            using var http = CreateHttpClient(url);
            return await work(new BatchWorkersApiClient(http, apiKey), cancellationToken);
        }
        catch (Exception exception) when (ErrorReport.Describe(exception, url, apiKey, cancellationToken) is { } report)
        {
            Error.MarkupLine($"[red]{Markup.Escape(report.Message)}[/]");
            return report.ExitCode;
        }
    }

    private static string? FromEnvironment(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    private HttpClient CreateHttpClient(string url)
    {
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var baseAddress)
            || baseAddress.Scheme is not ("http" or "https"))
        {
            throw new CliException($"--url must be an http:// or https:// address, not '{url}'.");
        }

#pragma warning disable CA2000 // The client owns the handler it creates and disposes it with itself.
        var http = handler is null
            ? new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) }, disposeHandler: true)
            : new HttpClient(handler, disposeHandler: false);
#pragma warning restore CA2000
        http.BaseAddress = baseAddress;
        http.Timeout = TimeSpan.FromMinutes(10);
        return http;
    }
}
