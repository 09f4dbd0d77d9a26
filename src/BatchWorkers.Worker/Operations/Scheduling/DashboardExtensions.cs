using Hangfire;
using Hangfire.Dashboard;

namespace BatchWorkers.Worker.Operations.Scheduling;

public static class DashboardExtensions
{
    public const string Path = "/hangfire";

    /// <summary>The Hangfire dashboard, behind the same access rule as the API (local, API key or operator login).</summary>
    public static void MapDashboard(this WebApplication app) =>
        app.MapHangfireDashboard(Path, new DashboardOptions
        {
            DashboardTitle = "BatchWorkers",
            AppPath = "/reports", // the dashboard's "back to site" link: the report pages
            Authorization = [new AuthenticatedCallerFilter()],
            DisplayStorageConnectionString = false,
        }, app.Services.GetRequiredService<JobStorage>());

    // The access handler has already authenticated the request; the dashboard only has to insist on it.
    private sealed class AuthenticatedCallerFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.Identity?.IsAuthenticated == true;
    }
}
