using System.CommandLine;

namespace BatchWorkers.Cli.Commands.Models;

/// <summary><c>bw models …</c>: groups the commands about the worker's model store.</summary>
internal static class ModelsCommand
{
    public static Command Create(CliContext context) => new("models", "Work with the worker's models")
    {
        ModelsListCommand.Create(context),
        ModelsSampleCommand.Create(context),
        ModelsPromoteCommand.CreatePromote(context),
        ModelsPromoteCommand.CreateRollback(context),
    };
}
