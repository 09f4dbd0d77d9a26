using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using BatchWorkers.Contracts;
using BatchWorkers.Training.Export;
using BatchWorkers.Worker.Imaging;
using BatchWorkers.Worker.FineTuning.Datasets;
using BatchWorkers.Worker.FineTuning.Examples;
using BatchWorkers.Worker.Explainability;
using BatchWorkers.Worker.Jobs;
using BatchWorkers.Worker.Models;
using BatchWorkers.Worker.Models.Registry;
using BatchWorkers.Worker.Privacy.Encryption;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BatchWorkers.Worker.FineTuning;

/// <summary>
/// One fine-tune job, as a Hangfire job on the <c>training</c> queue: load the data, train with TorchSharp (resuming
/// from the job's last epoch checkpoint when a previous run of it was killed), export to ONNX with a parity check,
/// evaluate on the held-out split, register the version and let the gate decide on promotion. Only one run of a job
/// trains at a time (<see cref="FineTuneRunLock"/>).
/// </summary>
public sealed class FineTuneRunner(
    JobStore jobs, ResultStore results, ChunkRunner finisher, JobEventPublisher events, FineTuneDatasets datasets,
    FineTuneVersioning versioning, ModelCatalog catalog, ModelRegistry registry, ModelPromotion promotion, LabelledExampleStore examples,
    IOptions<FineTuneOptions> options, IOptions<EncryptionOptions> encryption, ModelFiles modelFiles, ExplanationScheduler explanationScheduler,
    JobStorage storage, NpgsqlDataSource dataSource, ILogger<FineTuneRunner> logger)
{
    [DisplayName("Fine-tune job {0}")]
    [Queue("training")]
    // An exception that escapes is not a verdict on the training (those are recorded as the job's error below) but an
    // outage, such as the database restarting: run again, resuming from the last epoch checkpoint. Without a retry
    // the job stayed Running for ever (found by the fault suite).
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [5, 30, 120])]
    public async Task RunAsync(Guid jobId, PerformContext? performContext, CancellationToken hangfireCancellation)
    {
        // Before reading the job: a second run that gets the lock after the first finished finds the job final.
        await using var runLock = await FineTuneRunLock.TryTakeAsync(dataSource, jobId, hangfireCancellation);
        if (runLock is null)
        {
            // The holder trains; should it die, its lock goes with its connection and Hangfire runs that job again.
            logger.LogWarning("Fine-tune job {JobId} is already being run by another Hangfire job; this one leaves it to that run", jobId);
            return;
        }

        var job = await jobs.GetAsync(jobId, hangfireCancellation);
        if (job is null || job.IsFinal)
        {
            return;
        }

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["JobId"] = jobId });
        await jobs.MarkRunningAsync(jobId, hangfireCancellation);
        using var watch = new TrainingWatch(jobs, jobId, options.Value.ProgressInterval, DashboardProgress.Writer(storage, performContext), hangfireCancellation);
        try
        {
            var outcome = await TrainAsync(job, watch, watch.Token);
            await FinishAsync(jobId, outcome);
        }
        catch (OperationCanceledException) when (watch.Token.IsCancellationRequested)
        {
            if (!await IsCancelledByUserAsync(jobId, performContext))
            {
                // The server is stopping (a deploy, a drain): not a cancellation. Hangfire puts the job back in its
                // queue and the next training server resumes it from the last epoch checkpoint.
                logger.LogInformation("Fine-tune job {JobId} interrupted by the server stopping; it resumes from its last checkpoint", jobId);
                throw;
            }

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

    /// <summary>Cancelled through the API (the job is Cancelled) or deleted in the dashboard, rather than the server stopping.</summary>
    private async Task<bool> IsCancelledByUserAsync(Guid jobId, PerformContext? performContext)
    {
        if (await jobs.GetAsync(jobId, CancellationToken.None) is { State: JobState.Cancelled })
        {
            return true;
        }

        if (performContext?.BackgroundJob.Id is not { } hangfireJobId)
        {
            return false;
        }

        using var connection = storage.GetConnection();
        return connection.GetStateData(hangfireJobId)?.Name == Hangfire.States.DeletedState.StateName;
    }

    private async Task<ItemOutcome> TrainAsync(JobRecord job, TrainingWatch watch, CancellationToken cancellationToken)
    {
        var settings = FineTuneParameters.FromJson(job.Parameters);
        var checkpoints = Path.Combine(Path.GetFullPath(options.Value.CheckpointRoot), job.Id.ToString("N"));
        // A run that registered its version and died before the job's result was recorded (the database went away, or
        // never acknowledged the registration's commit) is finished with that version: training again would register
        // a second one (found with the fault suite: PostgreSQL killed right after a registration).
        if (await registry.GetProducedByAsync(job.Id, cancellationToken) is { } earlier)
        {
            logger.LogInformation("Fine-tune job {JobId} registered {Model} version {Version} before it was interrupted; finishing with it",
                job.Id, earlier.Name, earlier.Version);
            return await CompleteAsync(job, settings, earlier, checkpoints, cancellationToken);
        }

        var started = Stopwatch.GetTimestamp();
        // Read before loading: examples added meanwhile count as new for the next scheduled retraining.
        long? examplesUpTo = settings.UseLabelledExamples ? (await examples.CountAfterAsync(job.ModelName, 0, cancellationToken)).MaxId : null;
        ModelVersionInfo? baseModel = null;
        if (settings.Mode != FineTuneMode.Scratch)
        {
            // The data is prepared exactly as the base model expects its input.
            baseModel = await catalog.ResolveAsync(settings.BaseModel!, settings.BaseModelVersion, cancellationToken);
            settings = settings with { ImageSize = PreprocessorSettings.Load(baseModel.Directory).OutputSize.Width };
        }

        var data = await datasets.LoadAsync(job.ModelName, settings, cancellationToken);
        var (version, directory) = await versioning.NextAsync(job.ModelName, cancellationToken);
        var trained = settings.Mode == FineTuneMode.Transfer
            ? await Task.Run(() => FineTuneTrainers.Transfer(baseModel!, data, directory, settings, cancellationToken), cancellationToken)
            : await Task.Run(() => FineTuneTrainers.Network(job.Id, settings, baseModel, data, directory, checkpoints, options.Value.CpuThreads, watch, cancellationToken), cancellationToken);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var report = trained.Report;
        var metrics = JsonSerializer.Serialize(new
        {
            accuracy = report.Accuracy, macroF1 = report.MacroF1, expectedCalibrationError = report.ExpectedCalibrationError,
            classes = report.Classes, confusionMatrix = report.ConfusionMatrix, mode = settings.Mode.ToString(), baseModel = baseModel?.Key,
            epochs = trained.History, bestEpoch = trained.BestEpoch, epochsRun = trained.EpochsRun, resumedAfterEpoch = trained.ResumedAfterEpoch, device = trained.Device,
            parityMaxAbsDifference = trained.ParityMaxAbsDifference, trainImages = data.Train.Count, heldOutImages = data.HeldOut.Count,
            trainingSeconds = seconds, examplesUpTo,
        }, JsonSerializerOptions.Web);

        var sha256 = await ModelArtifacts.FileSha256Async(trained.ModelPath, cancellationToken);
        if (encryption.Value.SealModels)
        {
            // Sealed before registration, so no worker ever loads the plain file; the registry keeps the plain sha256.
            modelFiles.SealFolder(directory);
        }

        var parent = await registry.GetProductionAsync(job.ModelName, cancellationToken);
        var registered = await registry.RegisterAsync(new NewModelVersion(
            job.ModelName, version, JobType.ImageClassification, directory, sha256,
            metrics, parent?.Version, job.Id), cancellationToken);
        if (!registered)
        {
            throw new InvalidOperationException($"Version {version} of {job.ModelName} is already registered; the trained model was not registered.");
        }

        logger.LogInformation(
            "Fine-tune job {JobId} ({Mode}) trained {Model} version {Version} on {Device}: held-out accuracy {Accuracy:0.###} in {Seconds:0} s",
            job.Id, settings.Mode, job.ModelName, version, trained.Device, report.Accuracy, seconds);
        return await CompleteAsync(job, settings, (await registry.GetAsync(job.ModelName, version, cancellationToken))!, checkpoints, cancellationToken);
    }

    /// <summary>What follows registration, all safe to repeat: the gate (it decides once per version), the checkpoints, the result.</summary>
    private async Task<ItemOutcome> CompleteAsync(
        JobRecord job, FineTuneSettings settings, ModelVersionRecord version, string checkpoints, CancellationToken cancellationToken)
    {
        var decision = settings.PromoteIfBetter ? await promotion.ApplyGateAsync(version.Name, version.Version, cancellationToken) : null;
        logger.LogInformation("Fine-tune job {JobId}: {Model} version {Version} promoted: {Promoted}", job.Id, version.Name, version.Version, decision?.Promote ?? false);
        // The version is registered: the checkpoints have served their purpose (a resume would start a new version).
        if (Directory.Exists(checkpoints))
        {
            Directory.Delete(checkpoints, recursive: true);
        }

        return TrainedVersion.Outcome(version, settings.Mode, decision);
    }

    private async Task FinishAsync(Guid jobId, ItemOutcome outcome)
    {
        await results.WriteAsync(jobId, [outcome], CancellationToken.None);
        if (await jobs.GetAsync(jobId, CancellationToken.None) is { } job)
        {
            await explanationScheduler.ScheduleAsync(job, [outcome], CancellationToken.None);
        }

        await finisher.FinalizeAsync(jobId, CancellationToken.None);
    }
}
