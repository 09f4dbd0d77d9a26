using System.CommandLine;
using BatchWorkers.Contracts;
using Spectre.Console;

namespace BatchWorkers.Cli.Commands.Keys;

/// <summary><c>bw keys create|list|revoke</c>: the worker's API keys (admin scope, or run on the worker's machine).</summary>
internal static class KeysCommand
{
    public static Command Create(CliContext context) => new("keys", "Create, list and revoke API keys (admin scope)")
    {
        CreateCommand(context),
        ListCommand(context),
        RevokeCommand(context),
    };

    private static Command CreateCommand(CliContext context)
    {
        var name = new Option<string>("--name") { Description = "What the key is for (who uses it)", HelpName = "name", Required = true };
        var scopes = new Option<string[]>("--scope")
        {
            Description = "A scope to grant; repeat for more: submit, read, admin (admin includes the others)",
            HelpName = "scope",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        scopes.AcceptOnlyFromAmong([.. ApiKeyScopes.All]);

        var command = new Command("create", "Create an API key; it is printed once and cannot be shown again") { name, scopes };
        command.SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, async (client, ct) =>
        {
            var created = await client.CreateApiKeyAsync(new CreateApiKeyRequest(parseResult.GetValue(name)!, parseResult.GetValue(scopes)!), ct);
            context.Out.MarkupLine(
                $"Created API key [bold]{Display.Escape(created.Info.Id)}[/] ({Display.Escape(created.Info.Name)}) with scopes {Display.Escape(string.Join(", ", created.Info.Scopes))}.");
            context.Out.MarkupLine("[yellow]Store it now: it is shown only this once (the worker keeps a hash). Send it as X-Api-Key, or bw --api-key / BW_API_KEY.[/]");
            context.Out.WriteLine(created.Key);
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command ListCommand(CliContext context)
    {
        var command = new Command("list", "List API keys (never their secrets)");
        command.SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, async (client, ct) =>
        {
            var keys = await client.ListApiKeysAsync(ct);
            if (keys.Count == 0)
            {
                context.Out.MarkupLine("No API keys yet. Create one with [bold]bw keys create --name NAME --scope read[/].");
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("Id", "Name", "Scopes", "Created", "By", "Last used", "Revoked");
            foreach (var key in keys)
            {
                table.AddRow(
                    key.RevokedAt is null ? Display.Escape(key.Id) : $"[grey]{Display.Escape(key.Id)}[/]",
                    Display.Escape(key.Name),
                    Display.Escape(string.Join(", ", key.Scopes)),
                    Display.Time(key.CreatedAt, context.Time),
                    Display.Escape(key.CreatedBy),
                    Display.Time(key.LastUsedAt, context.Time),
                    key.RevokedAt is null ? "-" : $"[red]{Display.Time(key.RevokedAt, context.Time)}[/]");
            }

            context.Out.Write(table);
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command RevokeCommand(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The key's id (bwk_…), as bw keys list shows it" };
        var command = new Command("revoke", "Revoke an API key: requests with it are refused from now on") { id };
        command.SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, async (client, ct) =>
        {
            var key = await client.RevokeApiKeyAsync(parseResult.GetValue(id)!, ct);
            context.Out.MarkupLine($"[green]Revoked {Display.Escape(key.Id)}[/] ({Display.Escape(key.Name)}).");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
