using BatchWorkers.Worker;
using BatchWorkers.Worker.Persistence;

// `migrate`: the one-shot schema step (run with the schema owner's credentials); anything else runs the worker.
if (args is [MigrateCommand.Verb, .. var rest])
{
    return await MigrateCommand.RunAsync(rest);
}

await using var app = await WorkerApplication.CreateAsync(args);
await app.RunAsync();
return 0;
