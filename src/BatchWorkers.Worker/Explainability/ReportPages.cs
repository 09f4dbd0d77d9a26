using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using BatchWorkers.Contracts;
using BatchWorkers.Worker.Jobs;
using BatchWorkers.Worker.Operations.Audit;
using BatchWorkers.Worker.Operations.Security;

namespace BatchWorkers.Worker.Explainability;

/// <summary>
/// Server-rendered report pages (the same credentials as the API and the dashboard, which links here; the read
/// scope): recent jobs, a job's results, and each explained item with its heatmap or highlighted tokens. No scripts.
/// </summary>
public static class ReportPages
{
    public const string Path = "/reports";

    public static void MapReportPages(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, async (JobStatusQuery query, CancellationToken ct) => Page("Recent jobs", JobsTable(await query.ListRecentAsync(50, ct))))
            .ExcludeFromDescription().RequireAuthorization(AccessPolicies.Read);
        app.MapGet($"{Path}/jobs/{{id:guid}}", async (
                Guid id, HttpContext context, JobStatusQuery query, ResultStore results, ExplanationStore explanations, AuditLog audit, CancellationToken ct) =>
            {
                if (await query.GetAsync(id, ct) is not { } job)
                {
                    return Page("Job not found", $"<p>No job {id}. <a href=\"{Path}\">Recent jobs</a></p>", StatusCodes.Status404NotFound);
                }

                await audit.RecordAsync(AuditActor.From(context), AuditLog.ResultsRead, id, new { Format = "report-page" }, ct);
                return Page($"Job {id}", JobSummary(job) + ResultsTable(job, await results.GetPageAsync(id, 0, 500, ct), await explanations.StatesAsync(id, ct)));
            })
            .ExcludeFromDescription().RequireAuthorization(AccessPolicies.Read);
        app.MapGet($"{Path}/jobs/{{id:guid}}/items/{{index:int}}", async (
                Guid id, int index, HttpContext context, ExplanationStore explanations, AuditLog audit, CancellationToken ct) =>
            {
                if (await explanations.GetAsync(id, index, ct) is not { } explanation)
                {
                    return Page("No report", $"<p>Item {index} of job {id} has no explanation report. <a href=\"{Path}/jobs/{id}\">Back to the job</a></p>", StatusCodes.Status404NotFound);
                }

                await audit.RecordAsync(AuditActor.From(context), AuditLog.ReportRead, id, new { index, Format = "report-page" }, ct);
                return Page($"Item {index} of job {id}", ExplanationBody(explanation));
            })
            .ExcludeFromDescription().RequireAuthorization(AccessPolicies.Read);
    }

    private static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    private static IResult Page(string title, string body, int status = StatusCodes.Status200OK) => Results.Content(
        $$"""
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{E(title)}} · BatchWorkers</title>
        <style>body{font:14px system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse}td,th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:left}
        th{background:#f4f4f4}.failed{color:#b00}.done{color:#070}figure img{width:384px;max-width:100%;border:1px solid #ccc}nav a{margin-right:12px}pre{background:#f7f7f7;padding:8px;overflow:auto}</style>
        </head><body><nav><a href="{{Path}}">Recent jobs</a><a href="/hangfire">Dashboard</a></nav><h1>{{E(title)}}</h1>{{body}}</body></html>
        """, "text/html; charset=utf-8", Encoding.UTF8, status);

    private static string JobsTable(IReadOnlyList<JobStatus> jobs)
    {
        var html = new StringBuilder("<table><tr><th>Job</th><th>Type</th><th>Model</th><th>State</th><th>Items</th><th>Reports</th><th>Submitted</th></tr>");
        foreach (var job in jobs)
        {
            html.Append($"<tr><td><a href=\"{Path}/jobs/{job.Id}\">{job.Id}</a></td><td>{E(job.Type.ToString())}</td><td>{E(job.Model)} {E(job.ModelVersion)}</td>")
                .Append($"<td>{E(job.State.ToString())}</td><td>{job.CompletedItems}/{job.TotalItems}</td>")
                .Append($"<td>{(job.Explanations is { } x ? $"{x.Done}/{x.Requested}" : "-")}</td><td>{job.SubmittedAt:u}</td></tr>");
        }

        return html.Append("</table>").ToString();
    }

    private static string JobSummary(JobStatus job) =>
        $"<p>{E(job.Type.ToString())} on {E(job.Model)} {E(job.ModelVersion)}: <b>{E(job.State.ToString())}</b>, {job.SucceededItems} succeeded, {job.FailedItems} failed of {job.TotalItems}.</p>";

    private static string ResultsTable(JobStatus job, ResultsPage page, IReadOnlyDictionary<int, string> reports)
    {
        var html = new StringBuilder("<table><tr><th>Item</th><th>Name</th><th>Outcome</th><th>Report</th></tr>");
        foreach (var result in page.Items)
        {
            var report = reports.TryGetValue(result.Index, out var state)
                ? $"<a class=\"{E(state)}\" href=\"{Path}/jobs/{job.Id}/items/{result.Index}\">{E(state)}</a>"
                : "-";
            html.Append($"<tr><td>{result.Index}</td><td>{E(result.Name)}</td><td>{Outcome(result)}</td><td>{report}</td></tr>");
        }

        var more = page.Total > page.Items.Count ? $"<p>First {page.Items.Count} of {page.Total} results; all of them: GET /api/jobs/{job.Id}/results.</p>" : "";
        return html.Append("</table>").Append(more).ToString();
    }

    private static string Outcome(ItemResult result)
    {
        if (!result.Succeeded)
        {
            return $"<span class=\"failed\">{E(result.ErrorCode)}</span> {E(result.Error)}";
        }

        if (result.Output is { ValueKind: JsonValueKind.Object } output)
        {
            if (output.TryGetProperty("topK", out var top) && top.GetArrayLength() > 0)
            {
                return $"{E(top[0].GetProperty("label").GetString())} ({top[0].GetProperty("probability").GetDouble():P1})";
            }

            if (output.TryGetProperty("text", out var text))
            {
                return E(text.GetString());
            }
        }

        return "ok";
    }

    private static string ExplanationBody(ItemExplanation explanation)
    {
        var html = new StringBuilder($"<p>{E(explanation.Kind)} report: <b class=\"{E(explanation.State)}\">{E(explanation.State)}</b>");
        html.Append(explanation.Error is { } error ? $" — {E(error)}</p>" : "</p>");
        var assets = $"/api/jobs/{explanation.JobId}/items/{explanation.ItemIndex}/explanation";
        foreach (var asset in explanation.Assets)
        {
            html.Append(asset.EndsWith(".png", StringComparison.Ordinal)
                ? $"<figure><img src=\"{assets}/{E(asset)}\" alt=\"{E(asset)}\"><figcaption>{E(asset)}</figcaption></figure>"
                : $"<iframe src=\"{assets}/{E(asset)}\" title=\"{E(asset)}\" style=\"width:100%;height:320px;border:1px solid #ccc\"></iframe>");
        }

        if (explanation.Report is { } report)
        {
            html.Append("<details><summary>Report data</summary><pre>")
                .Append(E(JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true })))
                .Append("</pre></details>");
        }

        return html.Append($"<p><a href=\"{Path}/jobs/{explanation.JobId}\">Back to the job</a></p>").ToString();
    }
}
