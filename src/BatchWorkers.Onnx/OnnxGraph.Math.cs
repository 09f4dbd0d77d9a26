namespace BatchWorkers.Onnx;

/// <content>Matrix, element-wise and activation operators.</content>
public sealed partial class OnnxGraph
{
    /// <summary>Gemm: alpha·A'·B' + beta·C. With <paramref name="transB"/> B is a PyTorch Linear weight [out, in].</summary>
    public string Gemm(
        string a,
        string b,
        string? c,
        string output,
        float alpha = 1f,
        float beta = 1f,
        bool transA = false,
        bool transB = false)
    {
        string[] inputs = c is null ? [a, b] : [a, b, c];
        AddNode(
            "Gemm",
            inputs,
            [output],
            [
                OnnxAttribute.Float("alpha", alpha),
                OnnxAttribute.Float("beta", beta),
                OnnxAttribute.Int("transA", transA ? 1 : 0),
                OnnxAttribute.Int("transB", transB ? 1 : 0),
            ]);
        return output;
    }

    /// <summary>MatMul with NumPy semantics (batched, broadcasting).</summary>
    public string MatMul(string a, string b, string output) => Binary("MatMul", a, b, output);

    /// <summary>Element-wise addition with broadcasting.</summary>
    public string Add(string a, string b, string output) => Binary("Add", a, b, output);

    /// <summary>Element-wise multiplication with broadcasting.</summary>
    public string Mul(string a, string b, string output) => Binary("Mul", a, b, output);

    /// <summary>Element-wise subtraction a − b with broadcasting.</summary>
    public string Sub(string a, string b, string output) => Binary("Sub", a, b, output);

    /// <summary>Element-wise division a / b with broadcasting.</summary>
    public string Div(string a, string b, string output) => Binary("Div", a, b, output);

    /// <summary>Element-wise square root.</summary>
    public string Sqrt(string input, string output) => Unary("Sqrt", input, output);

    /// <summary>
    /// Mean over <paramref name="axes"/> (negative counts from the end). The axes are written as an attribute,
    /// as opsets up to 17 take them; opset 18 moved them to an input, so use <see cref="AddNode"/> there.
    /// </summary>
    public string ReduceMean(string input, string output, IReadOnlyList<long> axes, bool keepDims = true)
    {
        ArgumentNullException.ThrowIfNull(axes);
        AddNode(
            "ReduceMean",
            [input],
            [output],
            [OnnxAttribute.Ints("axes", axes), OnnxAttribute.Int("keepdims", keepDims ? 1 : 0)]);
        return output;
    }

    /// <summary>max(x, 0).</summary>
    public string Relu(string input, string output) => Unary("Relu", input, output);

    /// <summary>1 / (1 + e^−x).</summary>
    public string Sigmoid(string input, string output) => Unary("Sigmoid", input, output);

    /// <summary>Softmax along one axis (ONNX default from opset 13: the last).</summary>
    public string Softmax(string input, string output, long axis = -1)
    {
        AddNode("Softmax", [input], [output], [OnnxAttribute.Int("axis", axis)]);
        return output;
    }

    private string Unary(string opType, string input, string output)
    {
        AddNode(opType, [input], [output]);
        return output;
    }

    private string Binary(string opType, string a, string b, string output)
    {
        AddNode(opType, [a, b], [output]);
        return output;
    }
}
