using BatchWorkers.Benchmarks;

return await BenchCommand.RunAsync(args);
