using BatchWorkers.Worker.Models.Registry;

namespace BatchWorkers.Tests.Models;

public sealed class PromotionGateTests
{
    [Theory]
    [InlineData("""{"accuracy":0.95}""", null, true)]
    [InlineData("""{"accuracy":0.95}""", """{"accuracy":0.90}""", true)]
    [InlineData("""{"accuracy":0.905}""", """{"accuracy":0.90}""", false)]
    [InlineData("""{"accuracy":0.80}""", """{"accuracy":0.90}""", false)]
    [InlineData("""{"loss":0.1}""", """{"accuracy":0.90}""", false)]
    [InlineData("""{"accuracy":0.5}""", "{}", true)]
    public void Decide_ComparesAccuracyWithMargin(string candidate, string? production, bool promote)
    {
        var decision = PromotionGate.Decide(candidate, production, margin: 0.01);

        Assert.Equal(promote, decision.Promote);
        Assert.False(string.IsNullOrWhiteSpace(decision.Reason));
    }
}
