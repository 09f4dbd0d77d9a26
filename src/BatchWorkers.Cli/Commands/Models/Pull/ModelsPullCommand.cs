using System.CommandLine;
using Spectre.Console;

namespace BatchWorkers.Cli.Commands.Models.Pull;

/// <summary>
/// <c>bw models pull REPO --store DIR</c>: downloads a Hugging Face repository's ONNX export into the model store
/// as <c>DIR/NAME/VERSION/</c>, resuming where an earlier run stopped and checking every file against the hub.
/// </summary>
internal static class ModelsPullCommand
{
    public const string DefaultEndpoint = "https://huggingface.co";

    public static Command Create(CliContext context)
    {
        var repo = new Argument<string>("repo-id") { Description = "The hub repository, e.g. Xenova/opus-mt-en-de" };
        var store = new Option<DirectoryInfo>("--store") { Description = "The worker's model store (Models:StoreRoot)", Required = true };
        var name = new Option<string?>("--name") { Description = "Model name [default: the repository's last segment]" };
        var version = new Option<string?>("--model-version") { Description = "Version folder [default: one more than the highest installed, or 1]" };
        var revision = new Option<string>("--revision") { Description = "Branch, tag or commit", DefaultValueFactory = _ => "main" };
        var endpoint = new Option<string?>("--endpoint") { Description = $"The hub's address [env: HF_ENDPOINT, default: {DefaultEndpoint}]", HelpName = "url" };
        // Read from HF_TOKEN in the action rather than as a default, so that help never prints it.
        var token = new Option<string?>("--token") { Description = "Hub token for private or gated repositories [env: HF_TOKEN]" };
        var variant = new Option<string?>("--variant")
        {
            Description = "ONNX file suffix, e.g. quantized for encoder_model_quantized.onnx [default: the plain (fp32) files]",
        };
        var command = new Command("pull", "Download a Hugging Face repository's ONNX export into a model store")
        {
            repo, store, name, version, revision, endpoint, token, variant,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                var request = new PullRequest(
                    parseResult.GetValue(repo)!,
                    parseResult.GetValue(store)!.FullName,
                    parseResult.GetValue(name),
                    parseResult.GetValue(version),
                    parseResult.GetValue(revision)!,
                    Endpoint(parseResult.GetValue(endpoint) ?? FromEnvironment("HF_ENDPOINT") ?? DefaultEndpoint),
                    (parseResult.GetValue(token) ?? FromEnvironment("HF_TOKEN"))?.Trim(),
                    parseResult.GetValue(variant));
                return await ModelPull.RunAsync(context, request, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                context.Error.MarkupLine("[red]Interrupted.[/] Run the same command again to resume: what has arrived is kept.");
                return ExitCodes.Interrupted;
            }
            catch (Exception exception) when (exception is CliException or IOException or UnauthorizedAccessException)
            {
                context.Error.MarkupLine($"[red]{Markup.Escape(exception.Message)}[/]");
                return ExitCodes.Error;
            }
        });
        return command;
    }

    private static Uri Endpoint(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Query.Length == 0 && uri.Fragment.Length == 0
            ? uri
            : throw new CliException($"--endpoint must be an http:// or https:// address, not '{value}'.");

    private static string? FromEnvironment(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
