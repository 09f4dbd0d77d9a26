using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using BatchWorkers.Contracts;
using BatchWorkers.Training.Evaluation;
using BatchWorkers.Training.Export;
using BatchWorkers.Training.Models;
using BatchWorkers.Training.Trainers;
using BatchWorkers.Worker.FineTuning.Datasets;
using BatchWorkers.Worker.FineTuning.Examples;
using BatchWorkers.Worker.Jobs;
using BatchWorkers.Worker.Models;
using BatchWorkers.Worker.Models.Registry;
using Hangfire;
using Microsoft.Extensions.Options;

namespace BatchWorkers.Worker.FineTuning;

/// <summary>
/// One fine-tune job, as a Hangfire job on the <c>training</c> queue: load the data, train with TorchSharp (resuming
/// from the job's last epoch checkpoint when a previous run of it was killed), export to ONNX with a parity check,
/// evaluate on the held-out split, register the version and let the gate decide on promotion.
/// </summary>
public sealed class FineTuneRunner(
    JobStore jobs, ResultStore results, ChunkRunner finisher, JobEventPublisher events, FineTuneDatasets datasets,
    FineTuneVersioning versioning, ModelRegistry registry, ModelPromotion promotion, LabelledExampleStore examples, IOptions<FineTuneOptions> options,
    ILogger<FineTuneRunner> logger)
{
    [DisplayName("Fine-tune job {0}")]
    [Queue("training")]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(Guid jobId, CancellationToken hangfireCancellation)
    {
        var job = await jobs.GetAsync(jobId, hangfireCancellation);
        if (job is null || job.IsFinal)
        {
            return;
        }

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["JobId"] = jobId });
        await jobs.MarkRunningAsync(jobId, hangfireCancellation);
        using var watch = new TrainingWatch(jobs, jobId, options.Value.ProgressInterval, hangfireCancellation);
        try
        {
            var outcome = await TrainAsync(job, watch, watch.Token);
            await FinishAsync(jobId, outcome);
        }
        catch (OperationCanceledException) when (watch.Token.IsCancellationRequested)
        {
            // Cancelled through the API (the job is already Cancelled) or by deleting it in the dashboard.
            if (await jobs.CancelAsync(jobId, CancellationToken.None) is { } cancelled)
            {
                await events.PublishFinalAsync(cancelled, CancellationToken.None);
            }

            logger.LogInformation("Fine-tune job {JobId} cancelled; its last epoch checkpoint is kept", jobId);
        }
        catch (Exception ex) when (ex is ManifestException or ExportParityException or JobRejectedException or ArgumentException
            or InvalidOperationException or System.ComponentModel.DataAnnotations.ValidationException)
        {
            logger.LogWarning("Fine-tune job {JobId} failed: {Reason}", jobId, ex.Message);
            await FinishAsync(jobId, ItemOutcome.Failure(0, ex is ManifestException ? "dataset.invalid" : "training.failed", ex.Message));
        }
    }

    private async Task<ItemOutcome> TrainAsync(JobRecord job, TrainingWatch watch, CancellationToken cancellationToken)
    {
        var settings = FineTuneParameters.FromJson(job.Parameters);
        if (settings.Mode != FineTuneMode.Scratch)
        {
            return ItemOutcome.Failure(0, "training.unsupported_mode",
                $"Mode '{settings.Mode}' is not available in this version: train from scratch (mode 'scratch').");
        }

        var started = Stopwatch.GetTimestamp();
        // Read before loading: examples added meanwhile count as new for the next scheduled retraining.
        long? examplesUpTo = settings.UseLabelledExamples ? (await examples.CountAfterAsync(job.ModelName, 0, cancellationToken)).MaxId : null;
        var data = await datasets.LoadAsync(job.ModelName, settings, cancellationToken);
        var trainer = new ClassifierTrainer(new TrainingOptions
        {
            Epochs = settings.Epochs, BatchSize = settings.BatchSize, LearningRate = settings.LearningRate, Seed = settings.Seed,
            EarlyStoppingPatience = settings.Patience, CpuThreads = options.Value.CpuThreads,
        });
        var modelOptions = new CompactCnnOptions { ClassCount = data.Train.ClassNames.Count, ImageSize = settings.ImageSize };
        var checkpoints = Path.Combine(Path.GetFullPath(options.Value.CheckpointRoot), job.Id.ToString("N"));
        var result = await Task.Run(() => trainer.Train(modelOptions, data, checkpoints, watch, cancellationToken), cancellationToken);
        using var model = result.Model;

        var (version, directory) = await versioning.NextAsync(job.ModelName, cancellationToken);
        var exported = OnnxClassifierExporter.Export(model, data.Train.ClassNames, data.Train.Normalization, directory,
            new ExportOptions { Metadata = new Dictionary<string, string> { ["batchworkers_job"] = job.Id.ToString() } });
        var parity = ExportParity.Verify(model, exported, data.HeldOut, cancellationToken: cancellationToken);
        var report = ClassificationEvaluator.Evaluate(
            CompactCnnInference.Probabilities(model, data.HeldOut, cancellationToken: cancellationToken), data.HeldOut.Labels, data.HeldOut.ClassNames);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var metrics = JsonSerializer.Serialize(new
        {
            accuracy = report.Accuracy, macroF1 = report.MacroF1, expectedCalibrationError = report.ExpectedCalibrationError,
            classes = report.Classes, confusionMatrix = report.ConfusionMatrix, epochs = result.History, bestEpoch = result.BestEpoch,
            resumedAfterEpoch = result.ResumedAfterEpoch, device = result.Device, parityMaxAbsDifference = parity.MaxAbsDifference,
            trainImages = data.Train.Count, heldOutImages = data.HeldOut.Count, trainingSeconds = seconds, examplesUpTo,
        }, JsonSerializerOptions.Web);

        var parent = await registry.GetProductionAsync(job.ModelName, cancellationToken);
        var registered = await registry.RegisterAsync(new NewModelVersion(
            job.ModelName, version, JobType.ImageClassification, directory, await ModelStoreSync.Sha256Async(exported.ModelPath, cancellationToken),
            metrics, parent?.Version, job.Id), cancellationToken);
        if (!registered)
        {
            throw new InvalidOperationException($"Version {version} of {job.ModelName} is already registered; the trained model was not registered.");
        }

        var decision = settings.PromoteIfBetter ? await promotion.ApplyGateAsync(job.ModelName, version, cancellationToken) : null;
        logger.LogInformation(
            "Fine-tune job {JobId} trained {Model} version {Version}: held-out accuracy {Accuracy:0.###} in {Seconds:0} s; promoted: {Promoted}",
            job.Id, job.ModelName, version, report.Accuracy, seconds, decision?.Promote ?? false);
        // The version is registered: the checkpoints have served their purpose (a resume would start a new version).
        Directory.Delete(checkpoints, recursive: true);
        var output = JsonSerializer.Serialize(new
        {
            model = job.ModelName, version, accuracy = report.Accuracy, macroF1 = report.MacroF1, bestEpoch = result.BestEpoch,
            epochsRun = result.History.Count, promoted = decision?.Promote ?? false, gate = decision?.Reason, trainingSeconds = seconds,
        }, BatchWorkersJson.Options);
        return new ItemOutcome(0, true, output, null, null, version, result.Device, seconds * 1000);
    }

    private async Task FinishAsync(Guid jobId, ItemOutcome outcome)
    {
        await results.WriteAsync(jobId, [outcome], CancellationToken.None);
        await finisher.FinalizeAsync(jobId, CancellationToken.None);
    }
}
