using System.Diagnostics.Metrics;
using Dapper;
using Npgsql;

namespace BatchWorkers.Worker.Operations;

/// <summary>
/// <c>batchworkers.jobs</c>: how many jobs are in each state, counted in PostgreSQL every 15 seconds (metric
/// callbacks are synchronous and scrape often, so they read this snapshot instead of querying).
/// </summary>
public sealed class JobStateGauge : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly ILogger<JobStateGauge> _logger;
    private volatile IReadOnlyList<(string State, long Count)> _snapshot = [];

    public JobStateGauge(IMeterFactory meterFactory, NpgsqlDataSource dataSource, TimeProvider time, ILogger<JobStateGauge> logger)
    {
        _dataSource = dataSource;
        _time = time;
        _logger = logger;
        meterFactory.Create(BatchWorkersMetrics.MeterName).CreateObservableGauge(
            "batchworkers.jobs", () => _snapshot.Select(s => new Measurement<long>(s.Count, new KeyValuePair<string, object?>("state", s.State))),
            "{job}", "Jobs in each state.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, _time);
        do
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(stoppingToken);
                var rows = await connection.QueryAsync<(string State, long Count)>(
                    new CommandDefinition("select state, count(*) from jobs group by state", cancellationToken: stoppingToken));
                _snapshot = rows.ToList();
            }
            catch (NpgsqlException ex)
            {
                _logger.LogWarning("Could not count jobs by state for metrics: {Reason}", ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
