using BatchWorkers.Contracts;
using BatchWorkers.Worker.Operations.Security;
using Hangfire;
using Hangfire.Dashboard;

namespace BatchWorkers.Worker.Operations.Scheduling;

public static class DashboardExtensions
{
    public const string Path = "/hangfire";

    /// <summary>The Hangfire dashboard, behind the same access rule as the API: the admin scope (local, operator login or an admin key).</summary>
    public static void MapDashboard(this WebApplication app) =>
        app.MapHangfireDashboard(Path, new DashboardOptions
        {
            DashboardTitle = "BatchWorkers",
            AppPath = "/reports", // the dashboard's "back to site" link: the report pages
            Authorization = [new AdminScopeFilter()],
            DisplayStorageConnectionString = false,
        }, app.Services.GetRequiredService<JobStorage>()).RequireAuthorization(AccessPolicies.Admin);

    // The endpoint's policy has already answered a caller without the scope (401 or 403); this only insists on it.
    private sealed class AdminScopeFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) =>
            context.GetHttpContext().User.HasClaim(AccessAuthenticationHandler.ScopeClaim, ApiKeyScopes.Admin);
    }
}
