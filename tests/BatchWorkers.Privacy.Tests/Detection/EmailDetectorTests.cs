using static BatchWorkers.Privacy.Tests.Detection.DetectorAssert;

namespace BatchWorkers.Privacy.Tests.Detection;

public sealed class EmailDetectorTests
{
    [Theory]
    [InlineData("jane.doe@example.com")]
    [InlineData("first+tag@mail.example.org")]
    [InlineData("o'neil@example.ie")]
    [InlineData("ana.muñoz@example.es")]
    [InlineData("user@xn--bcher-kva.example")]
    [InlineData("UPPER@EXAMPLE.COM")]
    public void Find_Address_MatchesItExactly(string address) => Finds(PiiCategory.Email, $"Write to <{address}>.", address);

    [Fact]
    public void Find_SentenceEndsAfterAddress_LeavesTheFullStop() =>
        Finds(PiiCategory.Email, "Mail jane@example.com.", "jane@example.com");

    [Fact]
    public void Find_AddressInQueryString_StopsAtTheParameter() =>
        Finds(PiiCategory.Email, "https://example.com/?email=lucy@example.com&x=1", "lucy@example.com");

    [Theory]
    [InlineData("user@localhost")]
    [InlineData("follow @handle")]
    [InlineData("lodash@4.17.21")]
    [InlineData("icon@2x.png")]
    [InlineData("a..b@example.com")]
    [InlineData(".jane@example.com")]
    [InlineData("jane@example.c")]
    [InlineData("jane@-example.com")]
    public void Find_LookAlike_FindsNothing(string text) => FindsNothing(PiiCategory.Email, text);

    [Fact]
    public void Find_LocalPartOver64Characters_FindsNothing() =>
        FindsNothing(PiiCategory.Email, new string('a', 65) + "@example.com");
}
