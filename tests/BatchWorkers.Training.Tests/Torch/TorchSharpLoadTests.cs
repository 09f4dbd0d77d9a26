using TorchSharp;

namespace BatchWorkers.Training.Tests.Torch;

public sealed class TorchSharpLoadTests
{
    // Fails with "GLIBCXX_3.4.32 not found" on Debian 12 when the build step in build/ did not patch the output.
    [Fact]
    public void MatMulAndBackward_OnCpu_ComputeExactValues()
    {
        using var a = torch.tensor(new float[] { 1, 2, 3, 4 }, [2, 2], requires_grad: true);
        using var b = torch.tensor(new float[] { 5, 6, 7, 8 }, [2, 2]);

        using var product = a.matmul(b);
        using var sum = product.sum();
        sum.backward();

        Assert.Equal([19f, 22f, 43f, 50f], product.data<float>().ToArray());
        // d(sum(A·B))/dA = 1·Bᵀ: each row holds B's row sums.
        Assert.Equal([11f, 15f, 11f, 15f], a.grad!.data<float>().ToArray());
    }
}
