using System.CommandLine;
using BatchWorkers.Onnx.Samples;
using Spectre.Console;

namespace BatchWorkers.Cli.Commands.Models;

/// <summary>
/// <c>bw models sample --store DIR [--kind colours|glossary-en-de|lead-sentence|all]</c>: installs placeholder models
/// with designed weights (written by the project's ONNX writer) as <c>DIR/NAME/VERSION/</c>, so a fresh setup has a
/// model for every job type: the colour classifier, a word-for-word English→German translator and a lead-sentence
/// summarizer.
/// </summary>
internal static class ModelsSampleCommand
{
    public const string DefaultName = "colours";

    private static readonly Dictionary<string, (Action<string> Write, string What)> Samples = new()
    {
        [DefaultName] = (SampleModels.WriteColourClassifier, "an image classifier: red/green/blue by dominant colour"),
        ["glossary-en-de"] = (SampleTextModels.WriteTranslator, "a translator: English→German word for word from a small glossary"),
        ["lead-sentence"] = (SampleTextModels.WriteSummarizer, "a summarizer: the first sentence of the text"),
    };

    public static Command Create(CliContext context)
    {
        var store = new Option<DirectoryInfo>("--store") { Description = "The worker's model store (Models:StoreRoot)", Required = true };
        var kind = new Option<string>("--kind") { Description = "Which sample", DefaultValueFactory = _ => DefaultName }
            .AcceptOnlyFromAmong([.. Samples.Keys, "all"]);
        var name = new Option<string?>("--name") { Description = "Model name [default: the sample's name]" };
        var version = new Option<string>("--model-version") { Description = "Version folder", DefaultValueFactory = _ => "1" };
        var command = new Command("sample", "Install sample models with designed weights into a model store") { store, kind, name, version };
        command.SetAction(parseResult =>
        {
            var chosen = parseResult.GetRequiredValue(kind);
            if (chosen == "all" && parseResult.GetValue(name) is not null)
            {
                context.Error.MarkupLine("[red]--name names one model; leave it out with --kind all.[/]");
                return ExitCodes.Usage;
            }

            foreach (var sample in chosen == "all" ? Samples.Keys.ToList() : [chosen])
            {
                var modelName = parseResult.GetValue(name) ?? sample;
                var folder = Path.Combine(parseResult.GetRequiredValue(store).FullName, modelName, parseResult.GetRequiredValue(version));
                Samples[sample].Write(folder);
                context.Out.MarkupLine($"Installed the sample model [bold]{Markup.Escape(modelName)}[/] in {Markup.Escape(folder)}: {Samples[sample].What}");
            }

            context.Out.MarkupLine("[grey]Sample models have designed weights, not trained ones: pull or train a real model for real work.[/]");
            return ExitCodes.Ok;
        });
        return command;
    }
}
