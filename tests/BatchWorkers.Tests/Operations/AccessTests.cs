using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BatchWorkers.Tests.Infrastructure;

namespace BatchWorkers.Tests.Operations;

/// <summary>
/// Remote callers need credentials for the API and the dashboard; local ones do not. A "remote" request here is a
/// request relayed by a local reverse proxy for another address (X-Forwarded-For), which the worker must judge by
/// the real client.
/// </summary>
public sealed class AccessTests(AccessTests.Fixture fixture) : IClassFixture<AccessTests.Fixture>
{
    /// <summary>Also configures an empty key, as an unset environment variable in a deployment would.</summary>
    public sealed class Fixture : WorkerFixture
    {
        protected override void Configure(Dictionary<string, string> settings) => settings["Access:ApiKeys:1"] = "";
    }

    private const string RemoteClient = "203.0.113.9";

    [Theory]
    [InlineData("hangfire")]
    [InlineData("api/jobs")]
    [InlineData("api/models")]
    public async Task RemoteRequest_WithoutCredentials_401WithChallenge(string path)
    {
        using var response = await SendAsync(path, remote: true);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Basic", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoteRequest_WithWrongApiKey_401()
    {
        using var response = await SendAsync("api/jobs", remote: true, request => request.Headers.Add("X-Api-Key", "not-the-key"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task RemoteRequest_WithEmptyApiKey_401EvenThoughAnEmptyKeyIsConfigured()
    {
        using var response = await SendAsync("api/jobs", remote: true, request => request.Headers.TryAddWithoutValidation("X-Api-Key", ""));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task RemoteRequest_WithApiKey_Allowed()
    {
        using var response = await SendAsync("api/jobs", remote: true, request => request.Headers.Add("X-Api-Key", WorkerFixture.ApiKey));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RemoteDashboard_WithOperatorLogin_Allowed()
    {
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"operator:{WorkerFixture.OperatorPassword}"));
        using var response = await SendAsync("hangfire", remote: true, request => request.Headers.Authorization = new AuthenticationHeaderValue("Basic", token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("BatchWorkers", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalDashboard_NoCredentials_ShowsRecurringMaintenanceJobs()
    {
        using var response = await SendAsync("hangfire/recurring", remote: false);
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("maintenance:redispatch-stuck-chunks", page, StringComparison.Ordinal);
        Assert.Contains("maintenance:purge-old-jobs", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoteHealthProbe_NoCredentials_Allowed()
    {
        using var live = await SendAsync("health/live", remote: true);
        using var ready = await SendAsync("health/ready", remote: true);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("\"postgres\"", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> SendAsync(string path, bool remote, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (remote)
        {
            request.Headers.Add("X-Forwarded-For", RemoteClient);
        }

        configure?.Invoke(request);
        return fixture.Http.SendAsync(request);
    }
}
