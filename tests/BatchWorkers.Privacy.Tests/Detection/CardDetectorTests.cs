using static BatchWorkers.Privacy.Tests.Detection.DetectorAssert;

namespace BatchWorkers.Privacy.Tests.Detection;

public sealed class CardDetectorTests
{
    [Theory]
    [InlineData("4111 1111 1111 1111")]
    [InlineData("4111-1111-1111-1111")]
    [InlineData("4111111111111111")]
    [InlineData("4222222222222")]
    [InlineData("3782 822463 10005")]
    [InlineData("3056 930902 5904")]
    [InlineData("5555 5555 5555 4444")]
    [InlineData("2223 0031 2200 3222")]
    [InlineData("6011 1111 1111 1117")]
    [InlineData("3530 1113 3330 0000")]
    public void Find_TestCardNumber_MatchesItExactly(string card) => Finds(PiiCategory.Card, $"Card {card}, thanks.", card);

    [Fact]
    public void Find_CardFollowedByMoreDigitGroups_FindsTheCardGroups() =>
        Finds(PiiCategory.Card, "Card 4111 1111 1111 1111 12 27 on file", "4111 1111 1111 1111");

    [Fact]
    public void Find_CardAfterAReferenceGroup_FindsTheCardGroups() =>
        Finds(PiiCategory.Card, "Ref 12 4111 1111 1111 1111", "4111 1111 1111 1111");

    [Theory]
    [InlineData("4111 1111 1111 1112")]   // Luhn fails
    [InlineData("1234 5678 9012 3452")]   // Luhn passes, no issuer starts with 1
    [InlineData("0000 0000 0000 0000")]
    [InlineData("490154203237518")]       // an IMEI: Luhn passes, but Visa numbers are never 15 digits
    [InlineData("4111 1111-1111 1111")]   // mixed separators
    [InlineData("41 11 11 11 11 11 11 11")] // not printed in card blocks
    [InlineData("4111111111111111x")]
    [InlineData("9400 1000 0000 0000 0000 00")]
    public void Find_LookAlike_FindsNothing(string text) => FindsNothing(PiiCategory.Card, text);
}
