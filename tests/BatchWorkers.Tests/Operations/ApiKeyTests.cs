using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using BatchWorkers.Cli;
using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;
using BatchWorkers.Worker.Operations.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serilog.Core;
using Spectre.Console;

namespace BatchWorkers.Tests.Operations;

/// <summary>
/// API keys from <c>api_keys</c>: shown once, stored hashed, scoped, revocable, named by id in the audit trail and
/// the logs. Remote callers are requests relayed by a local proxy (X-Forwarded-For).
/// </summary>
public sealed class ApiKeyTests(ApiKeyTests.Fixture fixture) : IClassFixture<ApiKeyTests.Fixture>
{
    public sealed class Fixture : WorkerFixture
    {
        public RecordingLogSink Logs { get; } = new();

        protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILogEventSink>(Logs);
    }

    private const string RemoteClient = "198.51.100.23";

    [Fact]
    public async Task Create_KeyShownOnce_OnlyItsHashStored()
    {
        var created = await fixture.Api.CreateApiKeyAsync(new CreateApiKeyRequest("nightly-export", [ApiKeyScopes.Read]));
        var secret = Secret(created.Key);

        Assert.StartsWith(created.Info.Id + ".", created.Key, StringComparison.Ordinal);
        Assert.Matches("^bwk_[a-z0-9]{8}$", created.Info.Id);
        Assert.Equal(32, secret.Length);
        Assert.Equal(new[] { "read" }, created.Info.Scopes);
        Assert.Equal("local", created.Info.CreatedBy);
        var listed = Assert.Single(await fixture.Api.ListApiKeysAsync(), k => k.Id == created.Info.Id);
        Assert.Equal("nightly-export", listed.Name);
        using var list = await fixture.Http.GetAsync("api/keys");
        Assert.DoesNotContain(created.Key[(created.Info.Id.Length + 1)..], await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Raw SQL: the row holds SHA-256(secret); neither the secret's bytes nor its text are anywhere in the table or the trail.
        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from api_keys where id = @id and hash = @hash", ("id", created.Info.Id), ("hash", SHA256.HashData(secret))));
        Assert.Equal(0, await fixture.ScalarAsync(
            "select count(*) from api_keys where position(@secret in hash) > 0 or position(@secret in convert_to(api_keys::text, 'UTF8')) > 0 or api_keys::text like '%' || @text || '%'",
            ("secret", secret), ("text", created.Key[(created.Info.Id.Length + 1)..])));
        Assert.Equal(0, await fixture.ScalarAsync("select count(*) from audit_events where detail::text like '%' || @text || '%'", ("text", created.Key[(created.Info.Id.Length + 1)..])));
        var audit = Assert.Single(await fixture.Api.GetAuditAsync(limit: 1000), e => e.Action == "key.created" && e.Detail.GetProperty("keyId").GetString() == created.Info.Id);
        Assert.Equal("local", audit.Actor);
    }

    [Fact]
    public async Task ReadKey_CanRead_SubmitIsForbiddenNamingTheScope()
    {
        var key = await CreateKeyAsync("dashboard-reader", ApiKeyScopes.Read);

        using var jobs = await SendAsync(HttpMethod.Get, "api/jobs", key);
        using var models = await SendAsync(HttpMethod.Get, "api/models", key);
        using var submit = await SendAsync(HttpMethod.Post, "api/jobs", key, JobRequest());
        using var cancel = await SendAsync(HttpMethod.Post, $"api/jobs/{Guid.NewGuid()}/cancel", key);

        Assert.Equal(HttpStatusCode.OK, jobs.StatusCode);
        Assert.Equal(HttpStatusCode.OK, models.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, submit.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, cancel.StatusCode);
        var problem = await submit.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("submit", problem.GetProperty("requiredScope").GetString());
        Assert.Contains("'submit' scope", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitKey_Submits_AuditTrailNamesTheKeyId()
    {
        var key = await CreateKeyAsync("billing-service", ApiKeyScopes.Submit, ApiKeyScopes.Read);

        using var submitted = await SendAsync(HttpMethod.Post, "api/jobs", key, JobRequest());
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var job = (await submitted.Content.ReadFromJsonAsync<JobStatus>(BatchWorkersJson.Options))!;
        await fixture.WaitForFinalAsync(job.Id);
        using var read = await SendAsync(HttpMethod.Get, $"api/jobs/{job.Id}/results", key);
        read.EnsureSuccessStatusCode();

        var entries = await fixture.Api.GetAuditAsync(job.Id);
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal((key.Id, "api-key", RemoteClient), (e.Actor, e.ActorKind, e.SourceAddress)));
        Assert.NotNull(Assert.Single(await fixture.Api.ListApiKeysAsync(), k => k.Id == key.Id).LastUsedAt);
    }

    [Fact]
    public async Task RevokedKey_Unauthorized()
    {
        var key = await CreateKeyAsync("to-revoke", ApiKeyScopes.Read);
        using (var before = await SendAsync(HttpMethod.Get, "api/jobs", key))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var revoked = await fixture.Api.RevokeApiKeyAsync(key.Id);
        using var after = await SendAsync(HttpMethod.Get, "api/jobs", key);

        Assert.NotNull(revoked.RevokedAt);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains(fixture.Logs.Warnings, w => w.Contains("the API key was revoked", StringComparison.Ordinal) && w.Contains(key.Id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task KeyManagement_NeedsAdmin()
    {
        var worker = await CreateKeyAsync("worker", ApiKeyScopes.Submit, ApiKeyScopes.Read);
        var admin = await CreateKeyAsync("ops", ApiKeyScopes.Admin);

        using var list = await SendAsync(HttpMethod.Get, "api/keys", worker);
        using var create = await SendAsync(HttpMethod.Post, "api/keys", worker, JsonContent.Create(new CreateApiKeyRequest("escalate", [ApiKeyScopes.Admin]), options: BatchWorkersJson.Options));
        using var revoke = await SendAsync(HttpMethod.Delete, $"api/keys/{admin.Id}", worker);
        using var audit = await SendAsync(HttpMethod.Get, "api/audit", worker);
        using var adminList = await SendAsync(HttpMethod.Get, "api/keys", admin);
        using var adminCreate = await SendAsync(HttpMethod.Post, "api/keys", admin, JsonContent.Create(new CreateApiKeyRequest("made-by-ops", [ApiKeyScopes.Read]), options: BatchWorkersJson.Options));

        Assert.Equal(
            [HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.OK, HttpStatusCode.Created],
            new[] { list, create, revoke, audit, adminList, adminCreate }.Select(r => r.StatusCode));
        Assert.Equal("admin", (await list.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requiredScope").GetString());
        Assert.Equal(admin.Id, (await adminCreate.Content.ReadFromJsonAsync<ApiKeyCreated>(BatchWorkersJson.Options))!.Info.CreatedBy);
        Assert.Null(Assert.Single(await fixture.Api.ListApiKeysAsync(), k => k.Id == admin.Id).RevokedAt);
    }

    [Fact]
    public async Task Create_UnknownScopeOrNoName_400()
    {
        var unknown = await Assert.ThrowsAsync<BatchWorkersApiException>(() => fixture.Api.CreateApiKeyAsync(new CreateApiKeyRequest("x", ["write"])));
        var none = await Assert.ThrowsAsync<BatchWorkersApiException>(() => fixture.Api.CreateApiKeyAsync(new CreateApiKeyRequest("x", [])));
        var unnamed = await Assert.ThrowsAsync<BatchWorkersApiException>(() => fixture.Api.CreateApiKeyAsync(new CreateApiKeyRequest(" ", [ApiKeyScopes.Read])));

        Assert.All(new[] { unknown, none, unnamed }, e => Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode));
        Assert.Contains("'write'", unknown.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_AdminKeyAllowed_ReadKeyForbidden()
    {
        var admin = await CreateKeyAsync("dashboard-admin", ApiKeyScopes.Admin);
        var reader = await CreateKeyAsync("dashboard-reader", ApiKeyScopes.Read);

        using var withAdmin = await SendAsync(HttpMethod.Get, "hangfire/recurring", admin);
        using var withReader = await SendAsync(HttpMethod.Get, "hangfire", reader);

        Assert.Equal(HttpStatusCode.OK, withAdmin.StatusCode);
        Assert.Contains("maintenance:redispatch-stuck-chunks", await withAdmin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, withReader.StatusCode);
        Assert.Equal("admin", (await withReader.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requiredScope").GetString());
    }

    [Fact]
    public async Task ReportPages_ReadKeyAllowed_SubmitOnlyKeyForbidden()
    {
        var reader = await CreateKeyAsync("report-reader", ApiKeyScopes.Read);
        var submitter = await CreateKeyAsync("report-submitter", ApiKeyScopes.Submit);

        using var withReader = await SendAsync(HttpMethod.Get, "reports", reader);
        using var withSubmitter = await SendAsync(HttpMethod.Get, "reports", submitter);

        Assert.Equal(HttpStatusCode.OK, withReader.StatusCode);
        Assert.Contains("Recent jobs", await withReader.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, withSubmitter.StatusCode);
        Assert.Equal("read", (await withSubmitter.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requiredScope").GetString());
    }

    [Fact]
    public async Task Denials_LoggedWithPathKeyIdAndAddress_NeverTheSecret()
    {
        var reader = await CreateKeyAsync("logged-reader", ApiKeyScopes.Read);
        var wrongSecret = reader.Id + "." + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

        using var forbidden = await SendAsync(HttpMethod.Post, "api/models/colours/rollback", reader);
        using var unauthorized = await SendAsync(HttpMethod.Get, "api/jobs?denial=wrong-secret", new CreatedKey(reader.Id, wrongSecret));
        using var anonymous = await SendAsync(HttpMethod.Get, "api/models", null);

        Assert.Equal(
            [HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized],
            new[] { forbidden.StatusCode, unauthorized.StatusCode, anonymous.StatusCode });
        var warnings = fixture.Logs.Warnings.ToList();
        Assert.Contains(warnings, w => w.Contains("Forbidden POST /api/models/colours/rollback", StringComparison.Ordinal)
            && w.Contains(reader.Id, StringComparison.Ordinal) && w.Contains(RemoteClient, StringComparison.Ordinal) && w.Contains("scope admin", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("Denied GET /api/jobs", StringComparison.Ordinal)
            && w.Contains(reader.Id, StringComparison.Ordinal) && w.Contains(RemoteClient, StringComparison.Ordinal) && w.Contains("not valid", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("Denied GET /api/models", StringComparison.Ordinal) && w.Contains("no credentials", StringComparison.Ordinal));
        var secrets = new[] { reader.Key[(reader.Id.Length + 1)..], wrongSecret[(reader.Id.Length + 1)..], WorkerFixture.ApiKey, WorkerFixture.OperatorPassword };
        Assert.DoesNotContain(fixture.Logs.Events, e => secrets.Any(s => e.Text.Contains(s, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ConfiguredKey_StillAdmin_WithAWarningAtStartup()
    {
        using var dashboard = await SendAsync(HttpMethod.Get, "hangfire", new CreatedKey("api-key-0", WorkerFixture.ApiKey));
        using var keys = await SendAsync(HttpMethod.Get, "api/keys", new CreatedKey("api-key-0", WorkerFixture.ApiKey));

        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Equal(HttpStatusCode.OK, keys.StatusCode);
        Assert.Contains(fixture.Logs.Warnings, w => w.Contains("Access:ApiKeys are configured", StringComparison.Ordinal) && w.Contains("bw keys create", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cli_CreateListRevoke()
    {
        var (createCode, createOutput) = await RunCliAsync("keys", "create", "--name", "from-cli", "--scope", "submit", "--scope", "read");
        var key = createOutput.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)[^1];
        var id = key[..key.IndexOf('.', StringComparison.Ordinal)];
        var (listCode, listOutput) = await RunCliAsync("keys", "list");
        var (revokeCode, revokeOutput) = await RunCliAsync("keys", "revoke", id);
        var (badScopeCode, _) = await RunCliAsync("keys", "create", "--name", "x", "--scope", "write");

        Assert.Equal((0, 0, 0, ExitCodes.Usage), (createCode, listCode, revokeCode, badScopeCode));
        Assert.Contains("shown only this once", createOutput, StringComparison.Ordinal);
        Assert.Contains(id, listOutput, StringComparison.Ordinal);
        Assert.Contains("from-cli", listOutput, StringComparison.Ordinal);
        Assert.Contains("submit, read", listOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(key[(id.Length + 1)..], listOutput, StringComparison.Ordinal);
        Assert.Contains($"Revoked {id}", revokeOutput, StringComparison.Ordinal);
        using var refused = await SendAsync(HttpMethod.Get, "api/jobs", new CreatedKey(id, key));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(0)]
    public async Task Lookup_CachedForKeyCacheDuration_SoARevocationElsewhereLandsWithinIt(int cacheSeconds)
    {
        var time = new ManualTime();
        var store = new ApiKeyStore(fixture.Db, Options.Create(new AccessOptions { KeyCacheDuration = TimeSpan.FromSeconds(cacheSeconds) }), time);
        var id = (await store.CreateAsync("cached", [ApiKeyScopes.Read], "test", CancellationToken.None)).Info.Id;
        Assert.False((await store.FindAsync(id, CancellationToken.None))!.Revoked);

        // Another replica revokes it: only the table changes.
        await fixture.ScalarAsync("update api_keys set revoked_at = now() where id = @id returning 1", ("id", id));
        var seenAtOnce = (await store.FindAsync(id, CancellationToken.None))!.Revoked;
        time.Advance(TimeSpan.FromSeconds(cacheSeconds) + TimeSpan.FromMilliseconds(1));
        var seenAfterTheWindow = (await store.FindAsync(id, CancellationToken.None))!.Revoked;

        Assert.Equal(cacheSeconds == 0, seenAtOnce);
        Assert.True(seenAfterTheWindow);
    }

    private sealed record CreatedKey(string Id, string Key);

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = DateTimeOffset.UtcNow;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    private async Task<CreatedKey> CreateKeyAsync(string name, params string[] scopes)
    {
        var created = await fixture.Api.CreateApiKeyAsync(new CreateApiKeyRequest(name, scopes));
        return new CreatedKey(created.Info.Id, created.Key);
    }

    private static byte[] Secret(string key) => Base64Url.DecodeFromChars(key.AsSpan(key.IndexOf('.', StringComparison.Ordinal) + 1));

    private static JsonContent JobRequest() => JsonContent.Create(new SubmitJobRequest
    {
        Type = JobType.ImageClassification,
        Model = TestModels.Colours,
        Items = [JobItem.FromBytes(TestImages.Solid(TestImages.Red))],
    }, options: BatchWorkersJson.Options);

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, CreatedKey? key, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("X-Forwarded-For", RemoteClient);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key.Key);
        }

        return fixture.Http.SendAsync(request);
    }

    private async Task<(int Code, string Output)> RunCliAsync(params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 200;
        var code = await BwCli.RunAsync([.. args, "--url", fixture.Worker.Address.ToString()], console);
        return (code, writer.ToString());
    }
}
