using BatchWorkers.Contracts;

namespace BatchWorkers.Worker.Models;

public static class ModelsEndpoints
{
    public static void MapModelsApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/models", (ModelCatalog catalog) => catalog.List().Select(ToInfo).ToList())
            .WithTags("Models").WithSummary("Installed model versions.").Produces<List<ModelInfo>>();

    private static ModelInfo ToInfo(ModelVersionInfo model) =>
        new(model.Name, model.Version, JobType.ImageClassification, ModelLabels.Read(model.Directory), model.Directory);
}
