namespace BatchWorkers.Training.Datasets;

/// <summary>Images to train on and images held out to measure generalisation and to stop early.</summary>
/// <param name="Train">The training images.</param>
/// <param name="HeldOut">The held-out (validation) images; never trained on.</param>
public sealed record DatasetSplit(ImageDataset Train, ImageDataset HeldOut);
