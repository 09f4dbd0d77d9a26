using System.Text.Json;
using BatchWorkers.Contracts;
using BatchWorkers.Worker.Operations.Audit;
using BatchWorkers.Worker.Operations.Security;

namespace BatchWorkers.Worker.Jobs.Api;

/// <summary>The HTTP API for jobs: submit, list, status, results (paged or NDJSON), cancel.</summary>
public static class JobsEndpoints
{
    public const string NdjsonContentType = "application/x-ndjson";

    public static void MapJobsApi(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/api/jobs").WithTags("Jobs");
        jobs.MapPost("/", SubmitAsync).WithSummary("Submit a job (JSON, or multipart/form-data with image files).")
            .Produces<JobStatus>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .DisableAntiforgery().RequireAuthorization(AccessPolicies.Submit);
        jobs.MapGet("/", async (JobStatusQuery query, CancellationToken ct, int limit = 50) =>
            limit is < 1 or > 1000 ? Problem400("limit must be between 1 and 1000.") : Results.Ok(await query.ListRecentAsync(limit, ct)))
            .WithSummary("Recent jobs, newest first.").RequireAuthorization(AccessPolicies.Read);
        jobs.MapGet("/{id:guid}", async (Guid id, JobStatusQuery query, CancellationToken ct) =>
            await query.GetAsync(id, ct) is { } status ? Results.Ok(status) : JobNotFound(id))
            .WithSummary("A job's state and progress.").Produces<JobStatus>().RequireAuthorization(AccessPolicies.Read);
        jobs.MapGet("/{id:guid}/results", ResultsAsync)
            .WithSummary($"A page of results (offset, limit), or every result as NDJSON with 'Accept: {NdjsonContentType}'.")
            .Produces<ResultsPage>().ProducesProblem(StatusCodes.Status410Gone).RequireAuthorization(AccessPolicies.Read);
        jobs.MapPost("/{id:guid}/cancel", CancelAsync)
            .WithSummary("Cancel a job: chunks not started yet will not run.").Produces<JobStatus>().RequireAuthorization(AccessPolicies.Submit);
    }

    private static async Task<IResult> SubmitAsync(
        HttpContext context, JobIntake intake, JobTypeRegistry registry, JobStatusQuery query, AuditLog audit, CancellationToken ct)
    {
        var request = context.Request;
        try
        {
            var submission = await SubmitRequestReader.ReadAsync(request, registry, ct) with { SubmittedBy = AuditActor.From(context) };
            var result = await intake.SubmitAsync(submission, ct);
            var status = await query.GetAsync(result.JobId, ct);
            return result.Created ? Results.Accepted($"/api/jobs/{result.JobId}", status) : Results.Ok(status);
        }
        catch (BadRequestException ex)
        {
            return Results.Problem(
                title: ex.StatusCode == StatusCodes.Status415UnsupportedMediaType ? "Unsupported media type" : "Invalid request",
                detail: ex.Message, statusCode: ex.StatusCode);
        }
        catch (JobRejectedException ex)
        {
            await audit.RecordAsync(AuditActor.From(context), AuditLog.JobRejected, null, new { ex.Code }, ct);
            return Results.Problem(
                title: ex.IsNotFound ? "Model not found" : "Job rejected", detail: ex.Message, type: ex.Code,
                statusCode: ex.IsNotFound ? StatusCodes.Status404NotFound : StatusCodes.Status422UnprocessableEntity);
        }
    }

    private static async Task<IResult> CancelAsync(
        Guid id, HttpContext context, JobCancellation cancellation, JobStatusQuery query, AuditLog audit, CancellationToken ct)
    {
        if (!await cancellation.CancelAsync(id, ct))
        {
            return JobNotFound(id);
        }

        await audit.RecordAsync(AuditActor.From(context), AuditLog.JobCancelled, id, null, ct);
        return Results.Ok(await query.GetAsync(id, ct));
    }

    private static async Task<IResult> ResultsAsync(
        Guid id, HttpContext context, JobStatusQuery query, ResultStore results, AuditLog audit, CancellationToken ct, int offset = 0, int limit = 100)
    {
        if (await query.GetAsync(id, ct) is not { } job)
        {
            return JobNotFound(id);
        }

        if (job.PurgedAt is { } purgedAt)
        {
            return Results.Problem(
                title: "Results purged",
                detail: $"The inputs and results of job {id} were deleted at {purgedAt:u} under the retention the job was submitted with (time to live). Only the job's record remains.",
                type: "job.purged", statusCode: StatusCodes.Status410Gone);
        }

        var ndjson = context.Request.Headers.Accept.Any(a => a?.Contains(NdjsonContentType, StringComparison.OrdinalIgnoreCase) == true);
        if (!ndjson && (offset < 0 || limit is < 1 or > 1000))
        {
            return Problem400("offset must be ≥ 0 and limit between 1 and 1000.");
        }

        await audit.RecordAsync(AuditActor.From(context), AuditLog.ResultsRead, id, ndjson ? new { Format = "ndjson" } : new { Format = "page", offset, limit }, ct);
        if (ndjson)
        {
            await StreamNdjsonAsync(context.Response, results.StreamAsync(id, ct), ct);
            return Results.Empty;
        }

        return Results.Ok(await results.GetPageAsync(id, offset, limit, ct));
    }

    private static async Task StreamNdjsonAsync(HttpResponse response, IAsyncEnumerable<ItemResult> results, CancellationToken ct)
    {
        response.ContentType = NdjsonContentType;
        var newline = "\n"u8.ToArray();
        var count = 0;
        await foreach (var result in results.WithCancellation(ct))
        {
            await JsonSerializer.SerializeAsync(response.Body, result, BatchWorkersJson.Options, ct);
            await response.Body.WriteAsync(newline, ct);
            if (++count % 256 == 0)
            {
                await response.Body.FlushAsync(ct);
            }
        }
    }

    private static IResult Problem400(string detail) =>
        Results.Problem(title: "Invalid request", detail: detail, statusCode: StatusCodes.Status400BadRequest);

    private static IResult JobNotFound(Guid id) =>
        Results.Problem(title: "Job not found", detail: $"No job {id}. List recent jobs with GET /api/jobs or `bw jobs`.", statusCode: StatusCodes.Status404NotFound);
}
