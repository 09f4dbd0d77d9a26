using System.ComponentModel.DataAnnotations;

namespace BatchWorkers.Training.Distillation;

/// <summary>
/// What a student learns from besides the labels: the teacher's logits for every training image (same order as
/// <c>DatasetSplit.Train</c>), softened by <see cref="Temperature"/>. The loss is
/// alpha·T²·KL(softmax(teacher/T) ‖ softmax(student/T)) + (1 − alpha)·CE(student, labels).
/// </summary>
/// <param name="TeacherLogits">One row of class logits per training image, e.g. from <see cref="TeacherLogits.Compute"/>.</param>
public sealed record DistillationTargets(IReadOnlyList<float[]> TeacherLogits)
{
    /// <summary>Softening temperature T. Default: 4.</summary>
    [Range(1e-3, 1e3)]
    public double Temperature { get; init; } = 4.0;

    /// <summary>Weight of the soft-target term; 1 ignores the labels, 0 ignores the teacher. Default: 0.7.</summary>
    [Range(0.0, 1.0)]
    public double Alpha { get; init; } = 0.7;

    /// <summary>Throws when a setting is out of range or the logits do not fit the training set.</summary>
    /// <exception cref="ValidationException">Out of range, or not one row of <paramref name="classCount"/> values per image.</exception>
    public void Validate(int trainCount, int classCount)
    {
        Validator.ValidateObject(this, new ValidationContext(this), validateAllProperties: true);
        if (TeacherLogits.Count != trainCount)
        {
            throw new ValidationException($"{trainCount} training images need as many teacher rows, not {TeacherLogits.Count}.");
        }

        if (TeacherLogits.Any(row => row is null || row.Length != classCount || row.Any(value => !float.IsFinite(value))))
        {
            throw new ValidationException($"Every teacher row needs {classCount} finite logits, one per class.");
        }
    }
}
