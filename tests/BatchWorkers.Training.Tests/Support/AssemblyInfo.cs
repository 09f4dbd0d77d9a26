// TorchSharp's generator and thread pool are process-wide, and the machine has two cores: one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
