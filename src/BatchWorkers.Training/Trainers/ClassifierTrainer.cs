using BatchWorkers.Training.Checkpoints;
using BatchWorkers.Training.Datasets;
using BatchWorkers.Training.Distillation;
using BatchWorkers.Training.Models;
using TorchSharp;
using BatchWorkers.Training.Optimizers;

namespace BatchWorkers.Training.Trainers;

/// <summary>
/// Trains a <see cref="CompactCnn"/> with mini-batches, augmentation, per-epoch metrics, early stopping and a
/// checkpoint after every epoch. Given a folder that already holds checkpoints it resumes after the newest one,
/// so re-running an interrupted job continues it rather than starting over.
/// </summary>
/// <remarks>
/// Seeds TorchSharp's process-wide generator and (optionally) thread count: run one training per process at a time.
/// </remarks>
/// <param name="options">Training settings.</param>
/// <param name="timeProvider">Clock for epoch durations. Default: <see cref="TimeProvider.System"/>.</param>
public sealed class ClassifierTrainer(TrainingOptions options, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>The training settings.</summary>
    public TrainingOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>Trains (or resumes training) and returns the model with its history.</summary>
    /// <param name="modelOptions">Architecture; must match the data's channels and classes (and any checkpoint).</param>
    /// <param name="data">Training and held-out images.</param>
    /// <param name="checkpointDirectory">Where epoch checkpoints go, and are resumed from.</param>
    /// <param name="progress">Told after every step and every completed epoch; called on the training thread.</param>
    /// <param name="cancellationToken">Checked before every step; cancelling keeps the last epoch's checkpoint.</param>
    /// <exception cref="OperationCanceledException">Cancelled; resume later with the same folder.</exception>
    /// <exception cref="InvalidOperationException">The checkpoint was made with another seed.</exception>
    public TrainingResult Train(
        CompactCnnOptions modelOptions,
        DatasetSplit data,
        string checkpointDirectory,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        Run(modelOptions, data, null, checkpointDirectory, progress, cancellationToken);

    /// <summary>
    /// Trains a student by knowledge distillation: as <see cref="Train"/>, but each training step's loss mixes the
    /// teacher's softened logits with the labels (see <see cref="DistillationTargets"/>). Held-out loss, early
    /// stopping and the returned metrics still measure cross-entropy and accuracy against the labels.
    /// </summary>
    /// <param name="modelOptions">The student's architecture (usually smaller than the teacher's).</param>
    /// <param name="data">Training and held-out images; the teacher rows follow <c>data.Train</c>'s order.</param>
    /// <param name="teacher">The teacher's logits per training image, temperature and weight.</param>
    /// <param name="checkpointDirectory">Where epoch checkpoints go, and are resumed from (use the same teacher).</param>
    /// <param name="progress">Told after every step and every completed epoch; called on the training thread.</param>
    /// <param name="cancellationToken">Checked before every step; cancelling keeps the last epoch's checkpoint.</param>
    /// <exception cref="System.ComponentModel.DataAnnotations.ValidationException">The teacher rows do not fit the data.</exception>
    public TrainingResult Distill(
        CompactCnnOptions modelOptions,
        DatasetSplit data,
        DistillationTargets teacher,
        string checkpointDirectory,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(teacher);
        ArgumentNullException.ThrowIfNull(modelOptions);
        ArgumentNullException.ThrowIfNull(data);
        teacher.Validate(data.Train.Count, modelOptions.ClassCount);
        return Run(modelOptions, data, teacher, checkpointDirectory, progress, cancellationToken);
    }

    private TrainingResult Run(
        CompactCnnOptions modelOptions,
        DatasetSplit data,
        DistillationTargets? teacher,
        string checkpointDirectory,
        IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(modelOptions);
        ArgumentNullException.ThrowIfNull(data);
        Options.Validate();
        CheckFits(modelOptions, data);
        if (Options.CpuThreads is { } threads)
        {
            torch.set_num_threads(threads);
        }

        var store = new CheckpointStore(checkpointDirectory, Options.CheckpointsToKeep);
        var state = store.TryLoadLatest();
        if (state is not null && state.Seed != Options.Seed)
        {
            throw new InvalidOperationException(
                $"{store.Directory} holds checkpoints of a run with seed {state.Seed}, not {Options.Seed}; use an empty folder.");
        }

        var device = TrainingDevice.Select(Options.PreferCuda);
        var model = CompactCnn.Create(modelOptions, Options.Seed);
        try
        {
            if (state is not null)
            {
                store.LoadModel(state.Epoch, model);
            }

            // Moved before the optimizer exists: moving replaces the parameters the optimizer would hold.
            model.to(device);
            using var optimizer = ParameterOptimizer.Create(Options.Optimizer, model.parameters(), Options);
            if (state is not null)
            {
                store.LoadOptimizer(state.Epoch, optimizer);
            }

            var resumedAfter = state?.Epoch ?? 0;
            state = RunEpochs(new EpochRunner(model, optimizer, Options, device, teacher), store, state, data, model, optimizer, progress, cancellationToken);
            if (Options.RestoreBestWeights && state.BestEpoch != state.Epoch)
            {
                store.LoadModel(state.BestEpoch, model);
            }

            model.eval();
            return new TrainingResult(model, state.History, state.BestEpoch, state.StoppedEarly, resumedAfter, TrainingDevice.Name(device));
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private CheckpointState RunEpochs(
        EpochRunner runner,
        CheckpointStore store,
        CheckpointState? state,
        DatasetSplit data,
        CompactCnn model,
        ParameterOptimizer optimizer,
        IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken)
    {
        var steps = EpochRunner.StepsPerEpoch(data.Train.Count, Options.BatchSize);
        for (var epoch = (state?.Epoch ?? 0) + 1; epoch <= Options.Epochs && state?.StoppedEarly != true; epoch++)
        {
            var started = _time.GetTimestamp();
            var train = runner.Train(data.Train, epoch, progress, cancellationToken);
            var heldOut = runner.Evaluate(data.HeldOut, cancellationToken);
            var metrics = new EpochMetrics(
                epoch, train.Loss, train.Accuracy, heldOut.Loss, heldOut.Accuracy, _time.GetElapsedTime(started).TotalSeconds);
            state = EarlyStopping.Next(state, metrics, Options);
            store.Save(state, model, optimizer);
            progress?.Report(new TrainingProgress(epoch, Options.Epochs, steps, steps, train.Loss, train.Accuracy)
            {
                CompletedEpoch = metrics,
            });
        }

        return state ?? throw new InvalidOperationException("No epoch ran and no checkpoint was found.");
    }

    private static void CheckFits(CompactCnnOptions model, DatasetSplit data)
    {
        foreach (var set in new[] { data.Train, data.HeldOut })
        {
            if (set.Channels != model.InputChannels || set.ClassNames.Count != model.ClassCount)
            {
                throw new ArgumentException(
                    $"The model takes {model.InputChannels} channels and {model.ClassCount} classes; the data has {set.Channels} and {set.ClassNames.Count}.",
                    nameof(data));
            }

            // The model itself takes any size, but export declares ImageSize and preprocessing resizes to it.
            if (set.Height != model.ImageSize || set.Width != model.ImageSize)
            {
                throw new ArgumentException(
                    $"The model is built for {model.ImageSize}×{model.ImageSize} images; the data has {set.Width}×{set.Height}.",
                    nameof(data));
            }

            if (set.Count == 0)
            {
                throw new ArgumentException("Both training and held-out sets need images.", nameof(data));
            }
        }
    }
}
