using BatchWorkers.Worker.ImageClassification;

namespace BatchWorkers.Tests.ImageClassification;

public sealed class TopKTests
{
    [Fact]
    public void Select_RandomScores_EqualsAFullSortsFirstK()
    {
        var random = new Random(3);
        for (var trial = 0; trial < 200; trial++)
        {
            var values = Enumerable.Range(0, random.Next(1, 1500)).Select(_ => (float)random.Next(0, 50)).ToArray();
            var k = random.Next(1, 12);

            var expected = values.Select((v, i) => (v, i)).OrderByDescending(x => x.v).ThenBy(x => x.i).Take(k).Select(x => x.i);

            Assert.Equal(expected, TopK.Select(values, k));
        }
    }

    [Fact]
    public void Select_KLargerThanTheValues_ReturnsThemAll() =>
        Assert.Equal([1, 2, 0], TopK.Select([0.1f, 0.7f, 0.2f], 5));
}
