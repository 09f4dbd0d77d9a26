using System.CommandLine;
using BatchWorkers.Contracts;

namespace BatchWorkers.Cli.Commands.Submit;

/// <summary><c>bw submit finetune --model NAME (--synthetic-shapes | --manifest URI | --labelled-examples) [options]</c>.</summary>
internal static class FineTuneCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model", "-m") { Description = "The model to train a new version of", Required = true };
        var synthetic = new Option<bool>("--synthetic-shapes") { Description = "Train on generated shapes (the quickstart's dataset)" };
        var manifest = new Option<string?>("--manifest") { Description = "A CSV or JSON-lines manifest of image,label rows (file:// or http(s)://)", HelpName = "uri" };
        var labelled = new Option<bool>("--labelled-examples") { Description = "Train on the examples stored for the model" };
        var epochs = new Option<int?>("--epochs") { Description = "Epochs [default: 25]", HelpName = "n" };
        var imageSize = new Option<int?>("--image-size") { Description = "Training image size in pixels [default: 32]", HelpName = "pixels" };
        var seed = new Option<int?>("--seed") { Description = "Random seed [default: 7]", HelpName = "n" };
        var noPromote = new Option<bool>("--no-promote") { Description = "Register the result as a candidate without applying the gate" };
        var submit = new SubmitOptions();
        var command = new Command("finetune", "Train a new version of an image classifier") { model, synthetic, manifest, labelled, epochs, imageSize, seed, noPromote };
        submit.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, async (client, ct) =>
        {
            var defaults = new FineTuneSettings();
            var settings = defaults with
            {
                SyntheticShapes = parseResult.GetValue(synthetic),
                ManifestUri = parseResult.GetValue(manifest),
                UseLabelledExamples = parseResult.GetValue(labelled),
                Epochs = parseResult.GetValue(epochs) ?? defaults.Epochs,
                ImageSize = parseResult.GetValue(imageSize) ?? defaults.ImageSize,
                Seed = parseResult.GetValue(seed) ?? defaults.Seed,
                PromoteIfBetter = !parseResult.GetValue(noPromote),
            };
            var job = await client.SubmitAsync(new SubmitJobRequest
            {
                Type = JobType.FineTune,
                Model = parseResult.GetRequiredValue(model),
                FineTune = settings,
                Priority = parseResult.GetValue(submit.Priority) ?? JobPriority.Normal,
                IdempotencyKey = parseResult.GetValue(submit.Key),
            }, ct);
            return await JobSubmission.ReportAsync(context, client, job, parseResult.GetValue(submit.Wait), ct);
        }, cancellationToken));
        return command;
    }
}
