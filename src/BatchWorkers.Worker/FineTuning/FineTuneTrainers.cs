using BatchWorkers.Contracts;
using BatchWorkers.Training.Datasets;
using BatchWorkers.Training.Distillation;
using BatchWorkers.Training.Evaluation;
using BatchWorkers.Training.Export;
using BatchWorkers.Training.Models;
using BatchWorkers.Training.Trainers;
using BatchWorkers.Training.Transfer;
using BatchWorkers.Worker.FineTuning.Datasets;
using BatchWorkers.Worker.Models;

namespace BatchWorkers.Worker.FineTuning;

/// <summary>What a training mode produced: the exported model folder and how it did.</summary>
public sealed record TrainedModel(
    string ModelPath, ClassificationReport Report, IReadOnlyList<EpochMetrics> History, int BestEpoch, int EpochsRun,
    int ResumedAfterEpoch, string Device, double ParityMaxAbsDifference);

/// <summary>The three ways a fine-tune job trains; each ends with an exported, parity-checked model folder.</summary>
public static class FineTuneTrainers
{
    /// <summary>Distillation students are smaller than the compact CNN trained from scratch.</summary>
    private static readonly int[] StudentChannels = [8, 16, 32, 32];

    /// <summary>From scratch, or (Distill) a smaller student learning from the base model's soft targets.</summary>
    public static TrainedModel Network(
        Guid jobId, FineTuneSettings settings, ModelVersionInfo? teacher, DatasetSplit data, string directory, string checkpoints, int cpuThreads,
        IProgress<TrainingProgress> progress, CancellationToken cancellationToken)
    {
        var trainer = new ClassifierTrainer(new TrainingOptions
        {
            Epochs = settings.Epochs, BatchSize = settings.BatchSize, LearningRate = settings.LearningRate, Seed = settings.Seed,
            EarlyStoppingPatience = settings.Patience, CpuThreads = cpuThreads,
        });
        var modelOptions = new CompactCnnOptions { ClassCount = data.Train.ClassNames.Count, ImageSize = settings.ImageSize };
        var result = teacher is null
            ? trainer.Train(modelOptions, data, checkpoints, progress, cancellationToken)
            : trainer.Distill(modelOptions with { BlockChannels = StudentChannels }, data,
                new DistillationTargets(TeacherLogitsInDataOrder(teacher, data, cancellationToken)) { Temperature = settings.Temperature },
                checkpoints, progress, cancellationToken);
        using var model = result.Model;
        var exported = OnnxClassifierExporter.Export(model, data.Train.ClassNames, data.Train.Normalization, directory,
            new ExportOptions { Metadata = new Dictionary<string, string> { ["batchworkers_job"] = jobId.ToString() } });
        var parity = ExportParity.Verify(model, exported, data.HeldOut, cancellationToken: cancellationToken);
        var report = ClassificationEvaluator.Evaluate(
            CompactCnnInference.Probabilities(model, data.HeldOut, cancellationToken: cancellationToken), data.HeldOut.Labels, data.HeldOut.ClassNames);
        return new TrainedModel(exported.ModelPath, report, result.History, result.BestEpoch, result.History.Count, result.ResumedAfterEpoch,
            result.Device, parity.MaxAbsDifference);
    }

    /// <summary>A new linear head on the base model's frozen features, grafted onto it as one ONNX model.</summary>
    public static TrainedModel Transfer(ModelVersionInfo baseModel, DatasetSplit data, string directory, FineTuneSettings settings, CancellationToken cancellationToken)
    {
        var result = TransferLearning.Run(baseModel.Directory, data, directory, new HeadTrainingOptions { Seed = settings.Seed }, cancellationToken);
        var report = ClassificationEvaluator.Evaluate(result.HeldOutProbabilities, data.HeldOut.Labels, data.HeldOut.ClassNames);
        return new TrainedModel(result.Exported.ModelPath, report, [], result.BestEpoch, result.EpochsRun, 0, "cpu", result.Parity.MaxAbsDifference);
    }

    // The teacher's outputs follow its own label order; the student's classes are the data's, so map by name.
    private static float[][] TeacherLogitsInDataOrder(ModelVersionInfo teacher, DatasetSplit data, CancellationToken cancellationToken)
    {
        var teacherLabels = ModelLabels.Read(teacher.Directory);
        var columns = data.Train.ClassNames.Select(name =>
        {
            var index = teacherLabels.ToList().IndexOf(name);
            return index >= 0 ? index : throw new ManifestException(
                $"Label '{name}' is not one the teacher {teacher.Key} knows ({string.Join(", ", teacherLabels)}): distillation needs the teacher's labels.");
        }).ToArray();
        var logits = TeacherLogits.Compute(teacher.Directory, data.Train, cancellationToken: cancellationToken);
        return logits.Select(row => columns.Select(c => row[c]).ToArray()).ToArray();
    }
}
