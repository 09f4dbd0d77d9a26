namespace BatchWorkers.Training.Datasets;

/// <summary>The classes of the synthetic shapes dataset; the value is the class index.</summary>
public enum ShapeKind
{
    /// <summary>A filled disc.</summary>
    Circle = 0,

    /// <summary>A filled, rotated square.</summary>
    Square = 1,

    /// <summary>A filled, rotated equilateral triangle.</summary>
    Triangle = 2,
}
