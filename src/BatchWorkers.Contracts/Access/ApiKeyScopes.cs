namespace BatchWorkers.Contracts;

/// <summary>
/// What an API key may do. <see cref="Admin"/> includes the other two. Requests from the worker's own machine and
/// the operator login have every scope.
/// </summary>
public static class ApiKeyScopes
{
    /// <summary>Submit and cancel jobs, add labelled examples.</summary>
    public const string Submit = "submit";

    /// <summary>Read jobs, results and models.</summary>
    public const string Read = "read";

    /// <summary>Everything: also promote and roll back models, read the audit trail, manage keys, the dashboard and <c>/api/admin/*</c>.</summary>
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Submit, Read, Admin];

    public static bool IsKnown(string scope) => All.Contains(scope, StringComparer.Ordinal);
}
