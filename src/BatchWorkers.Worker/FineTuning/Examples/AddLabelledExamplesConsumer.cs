using BatchWorkers.Contracts;
using BatchWorkers.Worker.Jobs;
using MassTransit;

namespace BatchWorkers.Worker.FineTuning.Examples;

/// <summary>Message intake for labelled examples; the outcome is published as <see cref="LabelledExamplesAdded"/>.</summary>
public sealed class AddLabelledExamplesConsumer(LabelledExampleIntake intake, ILogger<AddLabelledExamplesConsumer> logger)
    : IConsumer<AddLabelledExamples>
{
    public async Task Consume(ConsumeContext<AddLabelledExamples> context)
    {
        try
        {
            var outcome = await intake.AddAsync(context.Message, "message", context.CancellationToken);
            await context.Publish(outcome, context.CancellationToken);
        }
        catch (JobRejectedException ex)
        {
            logger.LogWarning("Labelled examples refused: {Reason}", ex.Message);
            await context.Publish(new LabelledExamplesAdded(context.Message.Model ?? "", 0, 0, new Dictionary<int, string> { [-1] = ex.Message }), context.CancellationToken);
        }
    }
}
