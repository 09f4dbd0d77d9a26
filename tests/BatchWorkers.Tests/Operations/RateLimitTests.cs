using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BatchWorkers.Tests.Infrastructure;

namespace BatchWorkers.Tests.Operations;

/// <summary>
/// A tiny limit (bursts of 3, one request a minute after that): a remote caller is turned away with 429 and
/// Retry-After once its bucket is empty; other callers, local requests and health probes are not.
/// </summary>
public sealed class RateLimitTests(RateLimitTests.Fixture fixture) : IClassFixture<RateLimitTests.Fixture>
{
    public sealed class Fixture : WorkerFixture
    {
        public const int Burst = 3;

        protected override void Configure(Dictionary<string, string> settings)
        {
            settings["RateLimits:PermitsPerMinute"] = "1";
            settings["RateLimits:Burst"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    [Fact]
    public async Task RemoteCaller_OverTheLimit_429WithRetryAfter_OthersUnaffected()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Fixture.Burst; i++)
        {
            using var allowed = await SendAsync("api/jobs", "203.0.113.40", WorkerFixture.ApiKey);
            statuses.Add(allowed.StatusCode);
        }

        using var limited = await SendAsync("api/jobs", "203.0.113.40", WorkerFixture.ApiKey);
        using var sameKeyElsewhere = await SendAsync("api/models", "203.0.113.41", WorkerFixture.ApiKey);
        using var health = await SendAsync("health/ready", "203.0.113.40", null);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var retryAfter = int.Parse(Assert.Single(limited.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        var problem = await limited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Too many requests", problem.GetProperty("title").GetString());
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        // The key is the caller, wherever it calls from; health probes are never limited.
        Assert.Equal(HttpStatusCode.TooManyRequests, sameKeyElsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task AnonymousCallers_LimitedByAddress()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= Fixture.Burst; i++)
        {
            using var response = await SendAsync("api/jobs", "203.0.113.50", null);
            statuses.Add(response.StatusCode);
        }

        using var otherAddress = await SendAsync("api/jobs", "203.0.113.51", null);

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, Fixture.Burst), HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.Unauthorized, otherAddress.StatusCode);
    }

    [Fact]
    public async Task LocalRequests_NotLimited()
    {
        for (var i = 0; i < Fixture.Burst * 5; i++)
        {
            using var response = await fixture.Http.GetAsync("api/jobs");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    private Task<HttpResponseMessage> SendAsync(string path, string client, string? apiKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-For", client);
        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }

        return fixture.Http.SendAsync(request);
    }
}
