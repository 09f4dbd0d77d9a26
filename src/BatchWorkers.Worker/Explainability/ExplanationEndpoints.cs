using BatchWorkers.Contracts;
using BatchWorkers.Worker.Operations.Audit;
using BatchWorkers.Worker.Operations.Security;

namespace BatchWorkers.Worker.Explainability;

/// <summary>Reports over HTTP: the JSON, and its pictures and pages (read scope).</summary>
public static class ExplanationEndpoints
{
    public static void MapExplanationApi(this IEndpointRouteBuilder app)
    {
        var items = app.MapGroup("/api/jobs/{id:guid}/items/{index:int}/explanation").WithTags("Explanations")
            .RequireAuthorization(AccessPolicies.Read);
        items.MapGet("/", async (Guid id, int index, HttpContext context, ExplanationStore store, AuditLog audit, CancellationToken ct) =>
            {
                if (await store.GetAsync(id, index, ct) is not { } explanation)
                {
                    return NotFound(id, index);
                }

                await audit.RecordAsync(AuditActor.From(context), AuditLog.ReportRead, id, new { index }, ct);
                return Results.Ok(explanation);
            })
            .WithSummary("An item's explanation report: state, data and the names of its pictures and pages.").Produces<ItemExplanation>();
        items.MapGet("/{asset}", async (Guid id, int index, string asset, HttpContext context, ExplanationStore store, AuditLog audit, CancellationToken ct) =>
            {
                if (await store.GetAssetAsync(id, index, asset, ct) is not { } file)
                {
                    return NotFound(id, index);
                }

                await audit.RecordAsync(AuditActor.From(context), AuditLog.ReportRead, id, new { index, asset }, ct);
                return Results.File(file.Content, file.ContentType);
            })
            .WithSummary("A picture or page of the report (heatmap.png, tokens.html, curves.png, confusion.png …).");
    }

    private static IResult NotFound(Guid id, int index) => Results.Problem(
        title: "No explanation", statusCode: StatusCodes.Status404NotFound,
        detail: $"Item {index} of job {id} has no explanation report. Submit jobs with explain (mode sample or all) to get them; GET /api/jobs/{id} shows how many are done.");
}
