using TorchSharp;

namespace BatchWorkers.Training.Trainers;

/// <summary>Chooses where tensors live.</summary>
public static class TrainingDevice
{
    /// <summary>
    /// CUDA when asked for and <c>torch.cuda.is_available()</c> (a GPU, its driver and a libtorch CUDA package),
    /// else CPU. The project references the CPU libtorch package, so CUDA needs a build that swaps it.
    /// </summary>
    public static torch.Device Select(bool preferCuda = true) =>
        preferCuda && torch.cuda.is_available() ? torch.CUDA : torch.CPU;

    /// <summary>The name recorded in results and logs: "cuda" or "cpu".</summary>
    public static string Name(torch.Device device) => device.type == DeviceType.CUDA ? "cuda" : "cpu";
}
