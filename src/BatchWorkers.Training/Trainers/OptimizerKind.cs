namespace BatchWorkers.Training.Trainers;

/// <summary>Which optimizer updates the weights.</summary>
public enum OptimizerKind
{
    /// <summary>Adam (β1 0.9, β2 0.999, ε 1e-8, as in PyTorch).</summary>
    Adam,

    /// <summary>Stochastic gradient descent with momentum.</summary>
    Sgd,
}
