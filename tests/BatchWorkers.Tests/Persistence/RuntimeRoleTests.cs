using System.Net;
using System.Text.Json;
using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;
using BatchWorkers.Worker;
using BatchWorkers.Worker.Persistence;
using Npgsql;

namespace BatchWorkers.Tests.Persistence;

/// <summary>
/// Least privilege: <c>migrate</c> runs as the schema owner, then the worker logs in as a role that is only a member
/// of batchworkers_runtime, with <c>Database:MigrateOnStartup=false</c>. Jobs and Hangfire work end to end; every
/// schema change is refused.
/// </summary>
public sealed class RuntimeRoleTests(RuntimeRoleTests.Fixture fixture) : IClassFixture<RuntimeRoleTests.Fixture>
{
    public sealed class Fixture : WorkerFixture
    {
        private const string Password = "runtime-password-for-tests";

        // Roles belong to the whole server and test classes run in parallel: a name of its own.
        public string Login { get; } = $"bw_runtime_test_{Guid.NewGuid():N}";

        public string RuntimeConnectionString => new NpgsqlConnectionStringBuilder(Database.ConnectionString)
        {
            Username = Login, Password = Password,
        }.ConnectionString;

        protected override async Task PrepareDatabaseAsync()
        {
            Assert.Equal(0, await MigrateCommand.RunAsync(
                [$"--ConnectionStrings:Postgres={Database.ConnectionString}", "--Serilog:MinimumLevel:Default=Warning"]));
            await using var owner = Database.CreateDataSource();
            await using var create = owner.CreateCommand($"create role {Login} login password '{Password}' in role batchworkers_runtime");
            await create.ExecuteNonQueryAsync();
        }

        public string Checkpoints { get; } = Directory.CreateTempSubdirectory("bw-runtime-").FullName;

        protected override void Configure(Dictionary<string, string> settings)
        {
            settings["FineTuning:CheckpointRoot"] = Checkpoints;
            settings["ConnectionStrings:Postgres"] = RuntimeConnectionString;
            settings["Database:MigrateOnStartup"] = "false";
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            await using var admin = new NpgsqlConnection(TestServices.ConnectionString("postgres"));
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop role if exists {Login}", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task RuntimeRole_RunsAnExplainedJobEndToEnd()
    {
        var images = TestImages.Mixed(3);
        var job = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.ImageClassification, Model = TestModels.Colours,
            Explain = new ExplainSettings { Mode = ExplainMode.Sample, SampleSize = 1, Budget = 20 },
            Items = images.Select(i => JobItem.FromBytes(i.Bytes)).ToList(),
        });

        var status = await fixture.WaitForFinalAsync(job.Id);
        var results = await fixture.ResultsAsync(job.Id);
        // The report is a Hangfire job: enqueued, fetched and completed through Hangfire's tables as the runtime role.
        await Eventually.HoldsAsync(
            async () => (await fixture.Api.GetJobAsync(job.Id)).Explanations is { Done: 1 }, $"the report of job {job.Id}", TimeSpan.FromMinutes(2));

        Assert.Equal(JobState.Succeeded, status.State);
        Assert.Equal(images.Select(i => i.Label), results.Select(r => r.Output?.Deserialize<ClassificationOutput>(BatchWorkersJson.Options)?.TopK[0].Label));
        Assert.True(await fixture.ScalarAsync("select count(*) from hangfire.job where statename = 'Succeeded' and invocationdata::text like '%ExplainItemJob%'") >= 1);
        Assert.Equal(fixture.Login, await RuntimeScalarAsync<string>("select current_user"));
    }

    [Fact]
    public async Task RuntimeRole_RunsAFineTuneEndToEnd()
    {
        // The intake marks the run as queued (a column added after the runtime role) and the run holds its advisory lock.
        var job = await fixture.Api.SubmitAsync(new SubmitJobRequest { Type = JobType.FineTune, Model = "runtime-shapes", FineTune = TestFineTunes.Small });

        var status = await fixture.WaitForFinalAsync(job.Id, TimeSpan.FromMinutes(5));

        Assert.Equal(JobState.Succeeded, status.State);
        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from jobs where id = @id and run_queued_at is not null", ("id", job.Id)));
    }

    [Theory]
    [InlineData("create table intruder (id int)")]
    [InlineData("create table hangfire.intruder (id int)")]
    [InlineData("drop table jobs")]
    [InlineData("alter table jobs add column intruder int")]
    [InlineData("truncate jobs")]
    [InlineData("insert into schemaversions (scriptname, applied) values ('intruder.sql', now())")]
    public async Task RuntimeRole_ChangesNoSchema(string statement)
    {
        var denied = await Assert.ThrowsAsync<PostgresException>(() => RuntimeScalarAsync<object>(statement));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
        // The same connection reads and writes rows: the refusal is about the schema, not a broken login.
        Assert.True(await RuntimeScalarAsync<long>("select count(*) from schemaversions") > 0);
    }

    [Fact]
    public async Task Readiness_SchemaRolledBackUnderTheRunningWorker_NotReadyAndSaysWhatToRun()
    {
        using (var before = await fixture.Http.GetAsync("health/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        // As if the database were restored from a backup taken before the newest migration.
        await using var owner = fixture.Database.CreateDataSource();
        await using var newest = owner.CreateCommand("select scriptname, applied from schemaversions order by schemaversionsid desc limit 1");
        await using var reader = await newest.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var (script, applied) = (reader.GetString(0), reader.GetDateTime(1));
        await reader.CloseAsync();
        await Execute(owner, "delete from schemaversions where scriptname = @script", script, applied);
        try
        {
            using var rolledBack = await fixture.Http.GetAsync("health/ready");
            var body = await rolledBack.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.ServiceUnavailable, rolledBack.StatusCode);
            Assert.Contains(MigrationScripts.FileName(new DbUp.Engine.SqlScript(script, "")), body, StringComparison.Ordinal);
            Assert.Contains("migrate", body, StringComparison.Ordinal);
        }
        finally
        {
            await Execute(owner, "insert into schemaversions (scriptname, applied) values (@script, @applied)", script, applied);
        }

        using var restored = await fixture.Http.GetAsync("health/ready");
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
    }

    private static async Task Execute(NpgsqlDataSource dataSource, string sql, string script, DateTime applied)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("script", script);
        command.Parameters.AddWithValue("applied", applied);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task WorkerThatDoesNotMigrate_OnAnUnmigratedDatabase_StopsAndSaysWhatToRun()
    {
        await using var empty = await TestDatabase.CreateAsync(nameof(WorkerThatDoesNotMigrate_OnAnUnmigratedDatabase_StopsAndSaysWhatToRun));
        var settings = fixture.Settings;
        settings["ConnectionStrings:Postgres"] = empty.ConnectionString;
        settings["Database:MigrateOnStartup"] = "false";

        var stopped = await Assert.ThrowsAsync<InvalidOperationException>(() => WorkerApplication.CreateAsync(WorkerSettings.ToArgs(settings)));

        Assert.Contains("0001_jobs.sql", stopped.Message, StringComparison.Ordinal);
        Assert.Contains("Hangfire's tables are not installed", stopped.Message, StringComparison.Ordinal);
        Assert.Contains("dotnet BatchWorkers.Worker.dll migrate", stopped.Message, StringComparison.Ordinal);
        await using var check = empty.CreateDataSource();
        await using var tables = check.CreateCommand("select count(*) from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')");
        Assert.Equal(0L, await tables.ExecuteScalarAsync());
    }

    [Fact]
    public async Task WorkerThatMigrates_LoggedInAsTheRuntimeRole_StopsAndAsksForTheOwner()
    {
        await using var empty = await TestDatabase.CreateAsync(nameof(WorkerThatMigrates_LoggedInAsTheRuntimeRole_StopsAndAsksForTheOwner));
        var settings = fixture.Settings;
        settings["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(fixture.RuntimeConnectionString) { Database = empty.Name }.ConnectionString;

        var stopped = await Assert.ThrowsAsync<InvalidOperationException>(() => WorkerApplication.CreateAsync(WorkerSettings.ToArgs(settings)));

        Assert.Contains("needs the schema owner's rights", stopped.Message, StringComparison.Ordinal);
        Assert.Contains("Database:MigrateOnStartup=false", stopped.Message, StringComparison.Ordinal);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, Assert.IsType<PostgresException>(stopped.InnerException).SqlState);
    }

    private async Task<T> RuntimeScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.RuntimeConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
