using TorchSharp;
using static TorchSharp.torch;

namespace BatchWorkers.Training.Distillation;

/// <summary>Hinton et al.'s distillation loss; call inside a dispose scope (it leaves temporaries to it).</summary>
internal static class DistillationLoss
{
    public static Tensor Compute(Tensor studentLogits, Tensor teacherLogits, Tensor labels, double temperature, double alpha)
    {
        // Scalars made and disposed explicitly: TorchSharp's implicit temporaries can be finalized mid-call.
        using var t = temperature.ToScalar();
        using var softWeight = (alpha * temperature * temperature).ToScalar();
        using var hardWeight = (1 - alpha).ToScalar();
        using var one = 1.0.ToScalar(); // add's alpha: `a + b` would make an implicit Scalar the GC may finalize mid-call
        var studentLog = nn.functional.log_softmax(studentLogits.div(t), 1);
        var teacherLog = nn.functional.log_softmax(teacherLogits.div(t), 1);
        // KL(p_t ‖ p_s) summed over classes, averaged over the batch ("batchmean"); T² keeps gradients comparable to CE's.
        var kl = teacherLog.exp().mul(teacherLog.sub(studentLog)).sum(1).mean();
        var ce = nn.functional.cross_entropy(studentLogits, labels);
        return kl.mul(softWeight).add(ce.mul(hardWeight), one);
    }
}
