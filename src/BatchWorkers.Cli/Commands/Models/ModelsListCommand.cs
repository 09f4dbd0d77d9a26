using System.CommandLine;
using BatchWorkers.Contracts;
using Spectre.Console;

namespace BatchWorkers.Cli.Commands.Models;

/// <summary><c>bw models list</c>: a table of the installed model versions.</summary>
internal static class ModelsListCommand
{
    private const int LabelsShown = 8;

    public static Command Create(CliContext context)
    {
        var command = new Command("list", "List the installed models");
        command.SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, async (client, ct) =>
        {
            var models = await client.ListModelsAsync(ct);
            if (models.Count == 0)
            {
                context.Out.MarkupLine("No models installed.");
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("Name", "Version", "Stage", "Task", "Labels", "sha256");
            foreach (var model in models.OrderBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.Version, StringComparer.Ordinal))
            {
                table.AddRow(Display.Escape(model.Name), Display.Escape(model.Version), Stage(model.Stage), Display.Wire(model.Task), Labels(model), model.Sha256[..Math.Min(12, model.Sha256.Length)]);
            }

            context.Out.Write(table);
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static string Stage(ModelStage stage) => stage switch
    {
        ModelStage.Production => $"[green]{Display.Wire(stage)}[/]",
        ModelStage.Archived => $"[grey]{Display.Wire(stage)}[/]",
        _ => Display.Wire(stage),
    };

    private static string Labels(ModelInfo model)
    {
        var shown = Display.Escape(string.Join(", ", model.Labels.Take(LabelsShown)));
        return model.Labels.Count > LabelsShown ? $"{shown} [grey](+{model.Labels.Count - LabelsShown} more)[/]" : shown;
    }
}
