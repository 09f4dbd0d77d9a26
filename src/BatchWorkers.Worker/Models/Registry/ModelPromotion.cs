using BatchWorkers.Contracts;
using BatchWorkers.Worker.Jobs;
using MassTransit;
using Microsoft.Extensions.Options;

namespace BatchWorkers.Worker.Models.Registry;

/// <summary>Changes which version is production (by hand, by rollback, or through the gate) and tells every worker.</summary>
public sealed class ModelPromotion(
    ModelRegistry registry, IPublishEndpoint publishEndpoint, IOptions<ModelOptions> options, TimeProvider time,
    ILogger<ModelPromotion> logger)
{
    /// <exception cref="JobRejectedException">When the version is not registered.</exception>
    public async Task<ModelVersionRecord> PromoteAsync(string name, string version, string decidedBy, CancellationToken cancellationToken)
    {
        await RequireAsync(name, version, cancellationToken);
        return await ApplyAsync(name, version, "manual", $"Promoted by hand by {decidedBy}.", decidedBy, cancellationToken);
    }

    /// <exception cref="JobRejectedException">When there is nothing to roll back to.</exception>
    public async Task<ModelVersionRecord> RollbackAsync(string name, string decidedBy, CancellationToken cancellationToken)
    {
        var previous = await registry.PreviousProductionAsync(name, cancellationToken)
            ?? throw new JobRejectedException(JobRejectionCodes.ModelNotFound,
                $"Model '{name}' has no earlier production version to roll back to.");
        return await ApplyAsync(name, previous, "rollback", $"Rolled back by {decidedBy}.", decidedBy, cancellationToken);
    }

    /// <summary>
    /// Promotes a candidate if the gate lets it through; records the decision either way. The gate decides once per
    /// version: asked again (a training run repeated after an outage), it returns what it decided.
    /// </summary>
    public async Task<GateDecision> ApplyGateAsync(string name, string version, CancellationToken cancellationToken)
    {
        var candidate = await RequireAsync(name, version, cancellationToken);
        if (await registry.GateDecisionAsync(name, version, cancellationToken) is { } decided)
        {
            return decided;
        }

        var production = await registry.GetProductionAsync(name, cancellationToken);
        var decision = PromotionGate.Decide(candidate.Metrics, production?.Metrics, options.Value.PromotionMargin);
        if (decision.Promote)
        {
            await ApplyAsync(name, version, "gate", decision.Reason, "gate", cancellationToken);
        }
        else
        {
            await registry.RecordRefusalAsync(name, version, production?.Version, decision.Reason, cancellationToken);
            logger.LogInformation("Model {Model} version {Version} stays a candidate: {Reason}", name, version, decision.Reason);
        }

        return decision;
    }

    private async Task<ModelVersionRecord> ApplyAsync(string name, string version, string kind, string reason, string decidedBy, CancellationToken cancellationToken)
    {
        var previous = await registry.PromoteAsync(name, version, kind, reason, decidedBy, cancellationToken);
        await publishEndpoint.Publish(new ModelPromoted(name, version, previous, reason, time.GetUtcNow()), cancellationToken);
        logger.LogInformation("Model {Model} version {Version} is production (was {Previous}): {Reason}", name, version, previous, reason);
        return (await registry.GetAsync(name, version, cancellationToken))!;
    }

    private async Task<ModelVersionRecord> RequireAsync(string name, string version, CancellationToken cancellationToken) =>
        await registry.GetAsync(name, version, cancellationToken)
        ?? throw new JobRejectedException(JobRejectionCodes.ModelNotFound, $"Model '{name}' has no registered version '{version}'.");
}
