using BatchWorkers.Worker.Jobs;
using Microsoft.Extensions.Options;

namespace BatchWorkers.Worker.Explainability;

/// <summary>
/// Lets inference go first: explainers call <see cref="BeforeBatch"/> before each batch of model evaluations, which
/// waits for a quiet moment in this worker's chunks (see <see cref="ExplainOptions.YieldToInference"/>).
/// </summary>
public sealed class ExplanationPacer(InferenceActivity inference, IOptions<ExplainOptions> options, ILogger<ExplanationPacer> logger)
{
    /// <summary>Blocks until inference leaves room; called on the explainer's own thread.</summary>
    /// <exception cref="OperationCanceledException">The report was cancelled while waiting.</exception>
    public void BeforeBatch(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.YieldToInference && !inference.WaitForQuiet(settings.InferenceQuietPeriod, settings.MaxYield, cancellationToken))
        {
            logger.LogDebug("No quiet moment between chunks for {MaxYield}; running a report batch alongside inference", settings.MaxYield);
        }
    }
}
