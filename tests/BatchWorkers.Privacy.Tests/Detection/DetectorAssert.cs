namespace BatchWorkers.Privacy.Tests.Detection;

/// <summary>Runs one category's detector alone, so a test shows what that detector does, not the overlap rules.</summary>
internal static class DetectorAssert
{
    public static void Finds(PiiCategory category, string text, string expected)
    {
        IReadOnlyList<PiiMatch> matches = Only(category).Find(text);
        PiiMatch match = Assert.Single(matches);
        Assert.Equal(expected, text.Substring(match.Start, match.Length));
        Assert.Equal(category, match.Category);
    }

    public static void FindsNothing(PiiCategory category, string text) => Assert.Empty(Only(category).Find(text));

    private static Redactor Only(PiiCategory category) => new(new RedactorOptions { Categories = new HashSet<PiiCategory> { category } });
}
