using System.CommandLine;
using BatchWorkers.Contracts;

namespace BatchWorkers.Cli.Commands.Submit;

/// <summary><c>bw submit image-classification --model NAME [options] INPUT...</c>.</summary>
internal static class ImageClassificationCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model", "-m") { Description = "Model name in the worker's store", Required = true };
        var version = new Option<string?>("--model-version") { Description = "Pin a model version [default: the newest]", HelpName = "version" };
        var topK = new Option<int?>("--top-k", "-k") { Description = "Labels to return per image [default: 5]", HelpName = "k" };
        topK.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1 or > 100)
            {
                result.AddError("--top-k must be between 1 and 100.");
            }
        });
        var submit = new SubmitOptions();
        var inputs = new Argument<string[]>("inputs")
        {
            Description = "Image files to upload, or http(s):// and file:// URIs for the worker to fetch",
            Arity = ArgumentArity.OneOrMore,
        };

        var command = new Command("image-classification", "Classify images") { model, version, topK, inputs };
        submit.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, async (client, ct) =>
        {
            var metadata = new SubmitFilesRequest
            {
                Type = JobType.ImageClassification,
                Model = parseResult.GetRequiredValue(model),
                ModelVersion = parseResult.GetValue(version),
                TopK = parseResult.GetValue(topK),
                Priority = parseResult.GetValue(submit.Priority) ?? JobPriority.Normal,
                IdempotencyKey = parseResult.GetValue(submit.Key),
            };
            var job = await JobSubmission.SubmitAsync(client, metadata, parseResult.GetRequiredValue(inputs), ct);
            return await JobSubmission.ReportAsync(context, client, job, parseResult.GetValue(submit.Wait), ct);
        }, cancellationToken));
        return command;
    }
}
