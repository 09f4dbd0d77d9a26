using static BatchWorkers.Privacy.Tests.Detection.DetectorAssert;

namespace BatchWorkers.Privacy.Tests.Detection;

public sealed class IbanDetectorTests
{
    [Theory]
    [InlineData("GB82 WEST 1234 5698 7654 32")]
    [InlineData("GB82WEST12345698765432")]
    [InlineData("DE89 3704 0044 0532 0130 00")]
    [InlineData("FR14 2004 1010 0505 0001 3M02 606")]
    [InlineData("NO93 8601 1117 947")]
    [InlineData("MT84 MALT 0110 0001 2345 MTLC AST0 01S")]
    public void Find_RegistryExample_MatchesItExactly(string iban) => Finds(PiiCategory.Iban, $"IBAN {iban}.", iban);

    [Fact]
    public void Find_IbanFollowedByUpperCaseWords_StopsAtTheCountryLength() =>
        Finds(PiiCategory.Iban, "GB29 NWBK 6016 1331 9268 19 BIC NWBKGB2L", "GB29 NWBK 6016 1331 9268 19");

    [Fact]
    public void Find_TwoIbansInARow_FindsBoth()
    {
        var matches = new Redactor().Find("DE89 3704 0044 0532 0130 00 GB82 WEST 1234 5698 7654 32");
        Assert.Equal(2, matches.Count(m => m.Category == PiiCategory.Iban));
    }

    [Theory]
    [InlineData("GB82 WEST 1234 5698 7654 33")]   // mod-97 fails
    [InlineData("DE89 3704 0044 0532 0130")]      // too short for Germany
    [InlineData("gb82 west 1234 5698 7654 32")]   // lower case is not looked for
    [InlineData("XGB82WEST12345698765432")]
    [InlineData("VAT DE123456789")]
    public void Find_LookAlike_FindsNothing(string text) => FindsNothing(PiiCategory.Iban, text);
}
