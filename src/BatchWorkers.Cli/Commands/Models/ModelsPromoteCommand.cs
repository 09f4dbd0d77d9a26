using System.CommandLine;
using Spectre.Console;

namespace BatchWorkers.Cli.Commands.Models;

/// <summary><c>bw models promote NAME VERSION</c> and <c>bw models rollback NAME</c>: change the production version by hand.</summary>
internal static class ModelsPromoteCommand
{
    public static Command CreatePromote(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "Model name" };
        var version = new Argument<string>("version") { Description = "Version to make production" };
        var command = new Command("promote", "Make a model version production (no gate); the current one is archived") { name, version };
        command.SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, async (client, ct) =>
        {
            var model = await client.PromoteAsync(parseResult.GetValue(name)!, parseResult.GetValue(version)!, ct);
            context.Out.MarkupLine($"[green]{Markup.Escape(model.Name)} {Markup.Escape(model.Version)} is production.[/] New jobs run it; jobs pinned to a version keep theirs.");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    public static Command CreateRollback(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "Model name" };
        var command = new Command("rollback", "Put the previous production version back") { name };
        command.SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, async (client, ct) =>
        {
            var model = await client.RollbackAsync(parseResult.GetValue(name)!, ct);
            context.Out.MarkupLine($"[green]{Markup.Escape(model.Name)} is back on version {Markup.Escape(model.Version)}.[/]");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
