using System.CommandLine;
using BatchWorkers.Contracts;

namespace BatchWorkers.Cli.Commands.Submit;

/// <summary>
/// <c>bw submit translation|summarization --model NAME [generation options] INPUT...</c>: each input is a text file
/// (sent as its bytes, so the worker checks the UTF-8), an http(s):// or file:// URI, or with <c>--text</c> the text itself.
/// </summary>
internal static class TextCommand
{
    public static Command Create(CliContext context, JobType type, string name, string description)
    {
        var model = new Option<string>("--model", "-m") { Description = "Model name in the worker's store", Required = true };
        var version = new Option<string?>("--model-version") { Description = "Pin a model version [default: production]", HelpName = "version" };
        var literal = new Option<bool>("--text", "-t") { Description = "Treat each input as the text itself, not a file or URI" };
        var beams = new Option<int?>("--num-beams") { Description = "Beams for beam search, 1 = greedy [default: the model's]", HelpName = "1-16" };
        var maxNew = new Option<int?>("--max-new-tokens") { Description = "Most tokens to generate [default: the model's]", HelpName = "1-1024" };
        var minLength = new Option<int?>("--min-length") { Description = "Shortest output in tokens [default: the model's]", HelpName = "n" };
        var noRepeat = new Option<int?>("--no-repeat-ngram-size") { Description = "Never repeat an n-gram of this size [default: the model's]", HelpName = "n" };
        var penalty = new Option<double?>("--length-penalty") { Description = "Beam length penalty [default: the model's]", HelpName = "-5..5" };
        var submit = new SubmitOptions();
        var inputs = new Argument<string[]>("inputs")
        {
            Description = "Text files, http(s):// or file:// URIs, or (with --text) texts",
            Arity = ArgumentArity.OneOrMore,
        };

        var command = new Command(name, description) { model, version, literal, beams, maxNew, minLength, noRepeat, penalty, inputs };
        submit.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, async (client, ct) =>
        {
            var items = new List<JobItem>();
            foreach (var input in parseResult.GetRequiredValue(inputs))
            {
                items.Add(await ItemAsync(input, parseResult.GetValue(literal), ct));
            }

            var job = await client.SubmitAsync(new SubmitJobRequest
            {
                Type = type,
                Model = parseResult.GetRequiredValue(model),
                ModelVersion = parseResult.GetValue(version),
                Generation = new GenerationSettings
                {
                    NumBeams = parseResult.GetValue(beams),
                    MaxNewTokens = parseResult.GetValue(maxNew),
                    MinLength = parseResult.GetValue(minLength),
                    NoRepeatNgramSize = parseResult.GetValue(noRepeat),
                    LengthPenalty = parseResult.GetValue(penalty),
                },
                Priority = parseResult.GetValue(submit.Priority) ?? JobPriority.Normal,
                IdempotencyKey = parseResult.GetValue(submit.Key),
                Items = items,
            }, ct);
            return await JobSubmission.ReportAsync(context, client, job, parseResult.GetValue(submit.Wait), ct);
        }, cancellationToken));
        return command;
    }

    private static async Task<JobItem> ItemAsync(string input, bool literal, CancellationToken ct)
    {
        if (literal)
        {
            return JobItem.FromText(input);
        }

        if (input.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || input.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || input.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            return JobItem.FromUri(input);
        }

        return File.Exists(input)
            ? JobItem.FromBytes(await File.ReadAllBytesAsync(input, ct), Path.GetFileName(input))
            : throw new CliException($"'{input}' is not a file. Pass text files or URIs, or add --text to send the arguments as texts.");
    }
}
