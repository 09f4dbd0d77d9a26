using System.CommandLine;
using BatchWorkers.Onnx.Samples;
using Spectre.Console;

namespace BatchWorkers.Cli.Commands.Models;

/// <summary>
/// <c>bw models sample --store DIR</c>: installs the placeholder colour classifier (designed weights, written by
/// the project's ONNX writer) as <c>DIR/NAME/VERSION/</c>, so a fresh setup has a model to run.
/// </summary>
internal static class ModelsSampleCommand
{
    public const string DefaultName = "colours";

    public static Command Create(CliContext context)
    {
        var store = new Option<DirectoryInfo>("--store") { Description = "The worker's model store (Models:StoreRoot)", Required = true };
        var name = new Option<string>("--name") { Description = "Model name", DefaultValueFactory = _ => DefaultName };
        var version = new Option<string>("--model-version") { Description = "Version folder", DefaultValueFactory = _ => "1" };
        var command = new Command("sample", "Install the sample colour classifier into a model store") { store, name, version };
        command.SetAction(parseResult =>
        {
            var folder = Path.Combine(parseResult.GetValue(store)!.FullName, parseResult.GetValue(name)!, parseResult.GetValue(version)!);
            SampleModels.WriteColourClassifier(folder);
            context.Out.MarkupLine($"Installed the sample model [bold]{Markup.Escape(parseResult.GetValue(name)!)}[/] in {Markup.Escape(folder)}");
            context.Out.MarkupLine("[grey]It is a placeholder with designed weights (red/green/blue by dominant colour), not a trained model.[/]");
            return ExitCodes.Ok;
        });
        return command;
    }
}
