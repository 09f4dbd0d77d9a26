namespace BatchWorkers.Onnx;

/// <content>Control-flow operators.</content>
public sealed partial class OnnxGraph
{
    /// <summary>
    /// If: runs <paramref name="thenBranch"/> when the one-element bool <paramref name="condition"/> is true,
    /// else <paramref name="elseBranch"/>; the branches' outputs become <paramref name="outputs"/> by position.
    /// Both branches must come from <see cref="CreateSubgraph"/> on this graph, be complete, and declare as
    /// many outputs as <paramref name="outputs"/> names.
    /// </summary>
    /// <exception cref="ArgumentException">A branch belongs to another graph or has the wrong number of outputs.</exception>
    public IReadOnlyList<string> If(string condition, OnnxGraph thenBranch, OnnxGraph elseBranch, IReadOnlyList<string> outputs)
    {
        ArgumentNullException.ThrowIfNull(thenBranch);
        ArgumentNullException.ThrowIfNull(elseBranch);
        ArgumentNullException.ThrowIfNull(outputs);
        foreach ((var branch, var role) in new[] { (thenBranch, "then_branch"), (elseBranch, "else_branch") })
        {
            if (!branch.IsSubgraphOf(this))
            {
                throw new ArgumentException(
                    $"The {role} '{branch.Name}' was not created by CreateSubgraph on graph '{Name}'.", nameof(outputs));
            }

            if (branch._graph.Output.Count != outputs.Count)
            {
                throw new ArgumentException(
                    $"The {role} '{branch.Name}' declares {branch._graph.Output.Count} outputs; the If node writes {outputs.Count}.",
                    nameof(outputs));
            }
        }

        AddNode(
            "If",
            [condition],
            outputs,
            [OnnxAttribute.Graph("then_branch", thenBranch), OnnxAttribute.Graph("else_branch", elseBranch)]);
        return outputs;
    }
}
