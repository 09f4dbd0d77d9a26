using TorchSharp;

namespace BatchWorkers.Training.Trainers;

/// <summary>Chooses where tensors live.</summary>
public static class TrainingDevice
{
    /// <summary>CUDA when asked for and TorchSharp finds a usable GPU (needs a libtorch CUDA package), else CPU.</summary>
    public static torch.Device Select(bool preferCuda = true) =>
        preferCuda && torch.cuda.is_available() ? torch.CUDA : torch.CPU;
}
