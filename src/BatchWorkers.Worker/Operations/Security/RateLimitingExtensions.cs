using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace BatchWorkers.Worker.Operations.Security;

/// <summary>
/// A token bucket per remote caller (ASP.NET Core's rate limiter): partitioned by API key id, operator name, or the
/// address of a caller without valid credentials. It runs after authentication, so guessing keys is limited too.
/// </summary>
public static class RateLimitingExtensions
{
    public static WebApplicationBuilder AddApiRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, settings) =>
        {
            var limits = settings.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, limits));
            limiter.OnRejected = (rejected, cancellationToken) => RejectAsync(rejected, limits);
        });
        return builder;
    }

    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitOptions limits)
    {
        var access = context.User.FindFirstValue(AccessAuthenticationHandler.AccessClaim);
        if (limits.PermitsPerMinute == 0 || access == "local")
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        var caller = access is null ? $"address:{context.Connection.RemoteIpAddress}" : $"{access}:{context.User.Identity?.Name}";
        // One token every 60/N seconds (refilled continuously), so Retry-After is as short as it can be.
        return RateLimitPartition.GetTokenBucketLimiter(caller, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limits.Burst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromTicks(TimeSpan.TicksPerMinute / limits.PermitsPerMinute),
            QueueLimit = 0,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, RateLimitOptions limits)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1.0 / limits.PermitsPerMinute);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimitingExtensions).FullName!).LogWarning(
            "Rate limited {Method} {Path} from {Caller} at {RemoteIp}: retry after {RetryAfterSeconds} s",
            context.Request.Method, context.Request.Path, context.User.Identity?.Name ?? "anonymous", context.Connection.RemoteIpAddress, seconds);
        await Results.Problem(
            title: "Too many requests",
            detail: $"At most {limits.PermitsPerMinute} requests a minute (bursts of {limits.Burst}) are allowed per caller. Retry after {seconds} s.",
            type: "access.rate_limited",
            statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context);
    }
}
