using Xunit.Abstractions;
using Xunit.Sdk;

namespace BatchWorkers.Tests.Hostile;

/// <summary>Marks the test a class runs after all its others (with <see cref="RunLastOrderer"/>).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RunLastAttribute : Attribute;

/// <summary>Runs a class's tests in name order, those marked <see cref="RunLastAttribute"/> at the end.</summary>
public sealed class RunLastOrderer : ITestCaseOrderer
{
    public const string TypeName = "BatchWorkers.Tests.Hostile.RunLastOrderer";
    public const string AssemblyName = "BatchWorkers.Tests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase =>
        testCases
            .OrderBy(t => t.TestMethod.Method.GetCustomAttributes(typeof(RunLastAttribute).AssemblyQualifiedName).Any())
            .ThenBy(t => t.DisplayName, StringComparer.Ordinal);
}
