using BatchWorkers.Cli;

return await BwCli.RunAsync(args);
