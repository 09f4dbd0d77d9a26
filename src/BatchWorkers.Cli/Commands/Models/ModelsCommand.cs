using System.CommandLine;
using BatchWorkers.Cli.Commands.Models.Pull;

namespace BatchWorkers.Cli.Commands.Models;

/// <summary><c>bw models …</c>: groups the commands about the worker's model store.</summary>
internal static class ModelsCommand
{
    public static Command Create(CliContext context) => new("models", "Work with the worker's models")
    {
        ModelsListCommand.Create(context),
        ModelsSampleCommand.Create(context),
        ModelsPullCommand.Create(context),
        ModelsPromoteCommand.CreatePromote(context),
        ModelsPromoteCommand.CreateRollback(context),
    };
}
