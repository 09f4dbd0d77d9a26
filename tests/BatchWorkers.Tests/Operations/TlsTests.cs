using System.Net.Http.Json;
using System.Net.Security;
using System.Text.Json;
using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;
using BatchWorkers.Worker.Operations.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace BatchWorkers.Tests.Operations;

/// <summary>
/// A worker that reaches PostgreSQL with SSL Mode=VerifyFull and RabbitMQ over AMQPS, both against the test CA
/// (scripts/services.sh), runs a job end to end; with a CA that did not sign the servers' certificates it is refused.
/// </summary>
public sealed class TlsTests(TlsTests.Fixture fixture) : IClassFixture<TlsTests.Fixture>
{
    /// <summary>Starts the TLS worker only where the services offer TLS, so the tests can skip rather than fail.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public TlsWorker? Worker { get; private set; }

        public async Task InitializeAsync()
        {
            if (TestTls.Available)
            {
                Worker = new TlsWorker();
                await Worker.InitializeAsync();
            }
        }

        public async Task DisposeAsync()
        {
            if (Worker is not null)
            {
                await Worker.DisposeAsync();
            }
        }
    }

    public sealed class TlsWorker : WorkerFixture
    {
        protected override void Configure(Dictionary<string, string> settings) => UseTls(settings, TestTls.PostgresCa!, TestTls.RabbitCa!);
    }

    [SkippableFact]
    public async Task Worker_ConnectsToPostgresWithVerifyFull_SessionIsEncrypted()
    {
        var worker = RequireTls();
        var dataSource = worker.Worker.Services.GetRequiredService<NpgsqlDataSource>();
        await using var command = dataSource.CreateCommand("select ssl from pg_stat_ssl where pid = pg_backend_pid()");

        Assert.Equal(SslMode.VerifyFull, new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).SslMode);
        Assert.Equal(true, await command.ExecuteScalarAsync());
    }

    [SkippableFact]
    public async Task Job_RunsEndToEnd_OverTlsToPostgresAndRabbitMq()
    {
        var worker = RequireTls();
        var key = await new JobSubmitter(worker.Bus).SubmitAsync(new SubmitImageClassificationJob
        {
            Model = TestModels.Colours, Items = [JobItem.FromBytes(TestImages.Solid(TestImages.Green))],
        });
        var accepted = await worker.Events.AcceptedAsync(key);
        var completed = await worker.Events.CompletedAsync(accepted.JobId);
        var results = await worker.ResultsAsync(accepted.JobId);

        Assert.Equal(JobState.Succeeded, completed.State);
        Assert.Equal("green", Assert.Single(results).Output!.Value.GetProperty("topK")[0].GetProperty("label").GetString());
        // The worker's only broker connection is the AMQPS one, presenting the client certificate when there is one.
        // The management API lists a connection once its statistics arrive (every few seconds): poll.
        var subject = TestTls.RabbitClientCertificate is null ? null : "CN=bw";
        await Eventually.HoldsAsync(
            async () => (await ConnectionsAsync(worker)).Any(c => c.TryGetProperty("ssl", out var ssl) && ssl.ValueKind == JsonValueKind.True
                && (subject is null || (c.TryGetProperty("peer_cert_subject", out var peer) && peer.ValueKind == JsonValueKind.String && peer.GetString() == subject))),
            $"the broker to list a TLS connection in the worker's vhost (client certificate {subject ?? "none"})");
    }

    [SkippableFact]
    public async Task Postgres_WithUnrelatedCa_WorkerRefusesToStartAndSaysWhy()
    {
        var worker = RequireTls();
        var settings = worker.Settings;
        UseTls(settings, TestTls.WriteUnrelatedCa(worker.InputRoot), TestTls.RabbitCa!);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => InProcessWorker.StartAsync(settings));

        Assert.Contains("PostgreSQL's TLS certificate was refused", Describe(error), StringComparison.Ordinal);
        Assert.Contains("Root Certificate", Describe(error), StringComparison.Ordinal);
    }

    // Checked with RabbitMQ.Client directly rather than through a second worker: a MassTransit bus that never
    // connected keeps retrying after its host stops, for the rest of the test run.
    [SkippableFact]
    public async Task RabbitMq_WithUnrelatedCa_ConnectionRefusedWithClearError()
    {
        var worker = RequireTls();
        var logger = new RecordingLogger<TlsTests>();
        var validator = RabbitMqTls.TrustOnly(TestTls.WriteUnrelatedCa(worker.InputRoot), TestServices.RabbitHost, logger);

        await Assert.ThrowsAnyAsync<BrokerUnreachableException>(() => ConnectOverTlsAsync(worker, TestServices.RabbitHost, validator));

        Assert.Contains(logger.Messages, m => m.Level == LogLevel.Error
            && m.Text.Contains("does not chain to the CA in RabbitMq:TlsCaCertificate", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task RabbitMq_CertificateWithoutTheServerName_ConnectionRefusedWithClearError()
    {
        var worker = RequireTls();
        var logger = new RecordingLogger<TlsTests>();
        var validator = RabbitMqTls.TrustOnly(TestTls.RabbitCa!, "broker.invalid", logger);

        await Assert.ThrowsAnyAsync<BrokerUnreachableException>(() => ConnectOverTlsAsync(worker, "broker.invalid", validator));

        Assert.Contains(logger.Messages, m => m.Level == LogLevel.Error
            && m.Text.Contains("is not valid for broker.invalid", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task RabbitMq_WithTheTestCa_ConnectsOverTls()
    {
        var worker = RequireTls();
        var logger = new RecordingLogger<TlsTests>();
        var validator = RabbitMqTls.TrustOnly(TestTls.RabbitCa!, TestServices.RabbitHost, logger);

        await using var connection = await ConnectOverTlsAsync(worker, TestServices.RabbitHost, validator);

        Assert.True(connection.IsOpen);
        Assert.Empty(logger.Messages);
    }

    private TlsWorker RequireTls()
    {
        Skip.IfNot(TestTls.Available, TestTls.SkipReason);
        return fixture.Worker!;
    }

    /// <summary>PostgreSQL with VerifyFull against <paramref name="postgresCa"/>; RabbitMQ over AMQPS against <paramref name="rabbitCa"/>.</summary>
    private static void UseTls(Dictionary<string, string> settings, string postgresCa, string rabbitCa)
    {
        settings["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(settings["ConnectionStrings:Postgres"])
        {
            SslMode = SslMode.VerifyFull, RootCertificate = postgresCa,
        }.ConnectionString;
        settings["RabbitMq:Port"] = TestTls.RabbitPort!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["RabbitMq:UseTls"] = "true";
        settings["RabbitMq:TlsCaCertificate"] = rabbitCa;
        if (TestTls.RabbitClientCertificate is { } certificate && TestTls.RabbitClientKey is { } key)
        {
            settings["RabbitMq:TlsClientCertificate"] = certificate;
            settings["RabbitMq:TlsClientKey"] = key;
        }
    }

    private static Task<IConnection> ConnectOverTlsAsync(WorkerFixture worker, string serverName, RemoteCertificateValidationCallback validator) =>
        new ConnectionFactory
        {
            HostName = TestServices.RabbitHost, Port = TestTls.RabbitPort!.Value, VirtualHost = worker.VirtualHost.Name,
            UserName = TestServices.RabbitUser, Password = TestServices.RabbitPassword,
            Ssl = new SslOption { Enabled = true, ServerName = serverName, CertificateValidationCallback = validator },
        }.CreateConnectionAsync();

    private static string Describe(Exception error) => string.Join(" | ", Chain(error).Select(e => e.Message));

    private static IEnumerable<Exception> Chain(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
        {
            yield return error;
        }
    }

    private static async Task<List<JsonElement>> ConnectionsAsync(WorkerFixture worker)
    {
        using var response = await worker.VirtualHost.GetAsync("vhosts/{vhost}/connections");
        var connections = await response.Content.ReadFromJsonAsync<JsonElement>();
        return connections.EnumerateArray().ToList();
    }
}
