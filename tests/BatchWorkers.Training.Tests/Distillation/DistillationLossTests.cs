using BatchWorkers.Training.Distillation;
using static TorchSharp.torch;

namespace BatchWorkers.Training.Tests.Distillation;

public sealed class DistillationLossTests
{
    [Fact]
    public void Compute_AlphaOneAndStudentEqualsTeacher_IsZero()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new[] { 1f, -2f, 0.5f, 3f, 0f, -1f }, [2, 3]);

        var loss = DistillationLoss.Compute(logits, logits.clone(), tensor(new long[] { 2, 1 }), temperature: 3, alpha: 1);

        Assert.Equal(0f, loss.item<float>(), 1e-6f);
    }

    [Fact]
    public void Compute_AlphaZero_IsCrossEntropy()
    {
        using var scope = NewDisposeScope();
        var student = tensor(new[] { 1f, -2f, 0.5f, 3f, 0f, -1f }, [2, 3]);
        var labels = tensor(new long[] { 2, 1 });

        var loss = DistillationLoss.Compute(student, zeros(2, 3), labels, temperature: 4, alpha: 0);

        Assert.Equal(nn.functional.cross_entropy(student, labels).item<float>(), loss.item<float>(), 1e-6f);
    }

    [Fact]
    public void Compute_MatchesHandWrittenKlTimesTemperatureSquared()
    {
        using var scope = NewDisposeScope();
        float[] s = [0.2f, 1.0f, -0.5f];
        float[] t = [2.0f, -1.0f, 0.0f];
        const float T = 2f;
        var ps = Softmax(s.Select(v => v / T).ToArray());
        var pt = Softmax(t.Select(v => v / T).ToArray());
        var expected = T * T * pt.Select((p, i) => p * MathF.Log(p / ps[i])).Sum();

        var loss = DistillationLoss.Compute(tensor(s, [1, 3]), tensor(t, [1, 3]), tensor(new long[] { 0 }), T, alpha: 1);

        Assert.Equal(expected, loss.item<float>(), 1e-5f);
    }

    private static float[] Softmax(float[] values)
    {
        var exp = values.Select(MathF.Exp).ToArray();
        return exp.Select(v => v / exp.Sum()).ToArray();
    }
}
