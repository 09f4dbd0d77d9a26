using BatchWorkers.Worker;

await using var app = await WorkerApplication.CreateAsync(args);
await app.RunAsync();
