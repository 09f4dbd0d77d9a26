using System.CommandLine;
using BatchWorkers.Cli.Commands;
using BatchWorkers.Cli.Commands.Keys;
using BatchWorkers.Cli.Commands.Models;
using BatchWorkers.Cli.Commands.Submit;
using Spectre.Console;

namespace BatchWorkers.Cli;

/// <summary>The <c>bw</c> command tree, constructible in-process so tests can run it against a real worker.</summary>
public static class BwCli
{
    public static RootCommand Build(CliContext context)
    {
        var root = new RootCommand("bw: submit AI batch jobs to a BatchWorkers worker and read their results.");
        context.AddGlobalOptions(root);
        root.Add(SubmitCommand.Create(context));
        root.Add(JobsCommand.Create(context));
        root.Add(StatusCommand.Create(context));
        root.Add(ResultsCommand.Create(context));
        root.Add(CancelCommand.Create(context));
        root.Add(ModelsCommand.Create(context));
        root.Add(AuditCommand.Create(context));
        root.Add(ExplainCommand.Create(context));
        root.Add(KeysCommand.Create(context));
        return root;
    }

    /// <summary>
    /// Parses and runs <paramref name="args"/>. With a <paramref name="console"/> (a Spectre <c>TestConsole</c> in
    /// tests) everything, help and errors included, is written to it; otherwise to stdout, errors to stderr.
    /// <paramref name="handler"/> replaces the HTTP handler and is not disposed.
    /// </summary>
    public static async Task<int> RunAsync(
        string[] args, IAnsiConsole? console = null, HttpMessageHandler? handler = null, CancellationToken cancellationToken = default)
    {
        var output = console ?? Unwrapped(AnsiConsole.Console, Console.IsOutputRedirected);
        var error = console ?? Unwrapped(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }), Console.IsErrorRedirected);
        var context = new CliContext(output, error, handler);
        var parseResult = Build(context).Parse(args);
        var configuration = new InvocationConfiguration();
        if (console is not null)
        {
            configuration.Output = console.Profile.Out.Writer;
            configuration.Error = console.Profile.Out.Writer;
        }

        var exitCode = await parseResult.InvokeAsync(configuration, cancellationToken);
        return parseResult.Errors.Count > 0 ? ExitCodes.Usage : exitCode;
    }

    /// <summary>Piped or redirected output gets long lines instead of Spectre's 80-column wrapping, so tables stay greppable.</summary>
    private static IAnsiConsole Unwrapped(IAnsiConsole console, bool redirected)
    {
        if (redirected)
        {
            console.Profile.Width = 512;
        }

        return console;
    }
}
