using BatchWorkers.Contracts;
using BatchWorkers.Worker.Jobs;
using BatchWorkers.Worker.Operations.Security;

namespace BatchWorkers.Worker.FineTuning.Examples;

public static class LabelledExamplesEndpoints
{
    public static void MapLabelledExamplesApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/models/{name}/examples", async (string name, LabelledExample[] examples, LabelledExampleIntake intake, CancellationToken ct) =>
        {
            try
            {
                return Results.Ok(await intake.AddAsync(new AddLabelledExamples { Model = name, Examples = examples }, "api", ct));
            }
            catch (JobRejectedException ex)
            {
                return Results.Problem(title: "Examples refused", detail: ex.Message, statusCode: StatusCodes.Status400BadRequest);
            }
        })
        .WithTags("Training").WithSummary("Add labelled examples (or corrections of past predictions) for training a model.")
        .Produces<LabelledExamplesAdded>().RequireAuthorization(AccessPolicies.Submit);
}
