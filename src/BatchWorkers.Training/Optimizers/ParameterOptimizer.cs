using BatchWorkers.Training.Trainers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BatchWorkers.Training.Optimizers;

/// <summary>
/// Updates a model's parameters from their gradients. Written here instead of using TorchSharp's optimizers because
/// those (and BatchNorm's forward) pass temporary <see cref="Scalar"/>s to native code without keeping them alive:
/// a GC on another thread can finalize one mid-call, which crashed training intermittently with "Unknown scalar
/// type". Every Scalar here is created and disposed explicitly, which also keeps it alive for the whole call.
/// </summary>
internal abstract class ParameterOptimizer : IDisposable
{
    protected ParameterOptimizer(IEnumerable<Parameter> parameters, int stateTensorsPerParameter)
    {
        Parameters = parameters.ToList();
        // State lives as long as the optimizer, whatever dispose scope the caller is in.
        State = Parameters
            .Select(parameter => Enumerable.Range(0, stateTensorsPerParameter)
                .Select(_ => zeros_like(parameter).DetachFromDisposeScope())
                .ToArray())
            .ToList();
    }

    /// <summary>Updates applied so far (restored by <see cref="Load"/>).</summary>
    public long Steps { get; private set; }

    protected IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Per parameter, the optimizer's running tensors (momentum, moments), all saved in checkpoints.</summary>
    protected IReadOnlyList<Tensor[]> State { get; }

    /// <summary>Builds the optimizer the options ask for.</summary>
    public static ParameterOptimizer Create(OptimizerKind kind, IEnumerable<Parameter> parameters, TrainingOptions options) => kind switch
    {
        OptimizerKind.Adam => new AdamOptimizer(parameters, options.LearningRate, options.WeightDecay),
        OptimizerKind.Sgd => new SgdOptimizer(parameters, options.LearningRate, options.Momentum, options.WeightDecay),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown optimizer."),
    };

    /// <summary>Clears every parameter's gradient before the next backward pass.</summary>
    public void ZeroGrad()
    {
        foreach (var parameter in Parameters)
        {
            using var grad = parameter.grad;
            grad?.zero_();
        }
    }

    /// <summary>Applies one update from the current gradients.</summary>
    public void Step()
    {
        Steps++;
        using var noGrad = no_grad();
        for (var i = 0; i < Parameters.Count; i++)
        {
            // The scope holds every temporary tensor, so none can be finalized while native code still uses it.
            using var scope = NewDisposeScope();
            if (Parameters[i].grad is { } grad)
            {
                Update(Parameters[i], grad, State[i]);
            }
        }
    }

    /// <summary>Writes the step count and state tensors.</summary>
    public void Save(string path)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(Steps);
        foreach (var tensor in State.SelectMany(tensors => tensors))
        {
            tensor.Save(writer);
        }
    }

    /// <summary>Reads what <see cref="Save"/> wrote into this optimizer's (same-shaped) state.</summary>
    public void Load(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        Steps = reader.ReadInt64();
        foreach (var tensor in State.SelectMany(tensors => tensors))
        {
            tensor.Load(reader);
        }
    }

    public void Dispose()
    {
        foreach (var tensor in State.SelectMany(tensors => tensors))
        {
            tensor.Dispose();
        }
    }

    /// <summary>Updates one parameter in place; <see cref="Steps"/> already counts this step.</summary>
    protected abstract void Update(Parameter parameter, Tensor grad, Tensor[] state);
}
