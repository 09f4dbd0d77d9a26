using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;

namespace BatchWorkers.Tests.Privacy;

/// <summary>
/// Who submitted each job and who read its results is kept in PostgreSQL, with the caller's identity (never its
/// secret) and address, and only the admin scope (the operator login, local callers, admin keys) can read the
/// trail. Remote callers are simulated as requests relayed by a local proxy (X-Forwarded-For).
/// </summary>
public sealed class AuditTrailTests(AuditTrailTests.Fixture fixture) : IClassFixture<AuditTrailTests.Fixture>
{
    public sealed class Fixture : WorkerFixture
    {
        public const string Operator = "auditor";

        protected override void Configure(Dictionary<string, string> settings)
        {
            settings["Access:DashboardUsername"] = Operator;
            settings["Access:DashboardPassword"] = OperatorPassword;
        }
    }

    private const string RemoteClient = "203.0.113.77";

    [Fact]
    public async Task RemoteSubmitAndRead_RecordedWithKeyNameAndAddress_NeverTheKey()
    {
        using var submit = Remote(HttpMethod.Post, "api/jobs", apiKey: true);
        submit.Content = JsonContent.Create(new SubmitJobRequest
        {
            Type = JobType.ImageClassification,
            Model = TestModels.Colours,
            Items = [JobItem.FromBytes(TestImages.Solid(TestImages.Red))],
        }, options: BatchWorkersJson.Options);
        using var submitted = await fixture.Http.SendAsync(submit);
        submitted.EnsureSuccessStatusCode();
        var job = (await submitted.Content.ReadFromJsonAsync<JobStatus>(BatchWorkersJson.Options))!;
        await fixture.WaitForFinalAsync(job.Id);
        using var read = await fixture.Http.SendAsync(Remote(HttpMethod.Get, $"api/jobs/{job.Id}/results?limit=10", apiKey: true));
        read.EnsureSuccessStatusCode();

        var entries = await fixture.Api.GetAuditAsync(job.Id);

        var submission = Assert.Single(entries, e => e.Action == "job.submitted");
        var reading = Assert.Single(entries, e => e.Action == "results.read");
        Assert.All(new[] { submission, reading }, e =>
        {
            Assert.Equal("api-key-0", e.Actor);
            Assert.Equal("api-key", e.ActorKind);
            Assert.Equal(RemoteClient, e.SourceAddress);
        });
        Assert.True(submission.Detail.GetProperty("created").GetBoolean());
        Assert.Equal(10, reading.Detail.GetProperty("limit").GetInt32());
        Assert.Equal(0, await fixture.ScalarAsync(
            "select count(*) from audit_events where detail::text like '%' || @key || '%' or actor like '%' || @key || '%'", ("key", WorkerFixture.ApiKey)));
    }

    [Fact]
    public async Task MessageSubmission_RecordedAsRabbitMq()
    {
        var key = await new JobSubmitter(fixture.Bus).SubmitAsync(new SubmitImageClassificationJob
        {
            Model = TestModels.Colours,
            Items = [JobItem.FromBytes(TestImages.Solid(TestImages.Green))],
        });
        var accepted = await fixture.Events.AcceptedAsync(key);

        var entry = Assert.Single(await fixture.Api.GetAuditAsync(accepted.JobId));

        Assert.Equal(("rabbitmq", "job.submitted"), (entry.Actor, entry.Action));
        Assert.Null(entry.SourceAddress);
    }

    [Fact]
    public async Task ReadAudit_WithKeyWithoutAdmin_Forbidden_WithOperatorLogin_Allowed()
    {
        var service = await fixture.Api.CreateApiKeyAsync(new CreateApiKeyRequest("a-service", [ApiKeyScopes.Submit, ApiKeyScopes.Read]));
        var withKeyRequest = Remote(HttpMethod.Get, "api/audit", apiKey: false);
        withKeyRequest.Headers.Add("X-Api-Key", service.Key);
        using var withKey = await fixture.Http.SendAsync(withKeyRequest);
        var asOperator = Remote(HttpMethod.Get, "api/audit", apiKey: false);
        asOperator.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Fixture.Operator}:{WorkerFixture.OperatorPassword}")));
        using var withLogin = await fixture.Http.SendAsync(asOperator);

        Assert.Equal(HttpStatusCode.Forbidden, withKey.StatusCode);
        Assert.Contains("'admin' scope", await withKey.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, withLogin.StatusCode);
    }

    [Fact]
    public async Task Cancel_Recorded()
    {
        var job = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.ImageClassification,
            Model = TestModels.Slow,
            Items = [.. Enumerable.Range(0, 3).Select(_ => JobItem.FromBytes(TestImages.Solid(TestImages.Blue)))],
        });

        await fixture.Api.CancelAsync(job.Id);

        var actions = (await fixture.Api.GetAuditAsync(job.Id)).Select(e => e.Action).ToList();
        Assert.Equal(["job.cancelled", "job.submitted"], actions);
    }

    private static HttpRequestMessage Remote(HttpMethod method, string path, bool apiKey)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Forwarded-For", RemoteClient);
        if (apiKey)
        {
            request.Headers.Add("X-Api-Key", WorkerFixture.ApiKey);
        }

        return request;
    }
}
