using System.Globalization;

namespace BatchWorkers.Onnx;

/// <summary>One dimension of a declared tensor shape: a fixed size (3) or a symbolic name ("N").</summary>
/// <remarks>Converts implicitly from integers and strings, so shapes read as <c>("N", 3, 32, 32)</c>.</remarks>
public readonly record struct TensorDim
{
    private TensorDim(long? value, string? symbol)
    {
        Value = value;
        Symbol = symbol;
    }

    /// <summary>The fixed size, or null for a symbolic dimension.</summary>
    public long? Value { get; }

    /// <summary>The symbolic name, or null for a fixed dimension.</summary>
    public string? Symbol { get; }

    /// <summary>A dimension of fixed size.</summary>
    public static TensorDim Fixed(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        return new TensorDim(value, null);
    }

    /// <summary>A dimension known only at run time, named so that equal names mean equal sizes.</summary>
    public static TensorDim Symbolic(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new TensorDim(null, name);
    }

    public static implicit operator TensorDim(long value) => Fixed(value);

    public static implicit operator TensorDim(string name) => Symbolic(name);

    /// <inheritdoc />
    public override string ToString() => Symbol ?? Value?.ToString(CultureInfo.InvariantCulture) ?? "?";
}
