using static BatchWorkers.Privacy.Tests.Detection.DetectorAssert;

namespace BatchWorkers.Privacy.Tests.Detection;

public sealed class PhoneDetectorTests
{
    [Theory]
    [InlineData("+44 20 7946 0958")]
    [InlineData("+44 (0)20 7946 0958")]
    [InlineData("+1 (415) 555-2671")]
    [InlineData("(415) 555-2671")]
    [InlineData("415.555.2671")]
    [InlineData("1-800-555-0199")]
    [InlineData("0049 30 123456")]
    [InlineData("030 123456")]
    [InlineData("030/1234567")]
    [InlineData("+33 1 23 45 67 89")]
    [InlineData("01.23.45.67.89")]
    [InlineData("+81 3-1234-5678")]
    [InlineData("+14155552671")]
    [InlineData("07700900123")]
    public void Find_PhoneNumber_MatchesItExactly(string phone) => Finds(PiiCategory.Phone, $"Call {phone} today.", phone);

    [Theory]
    [InlineData("2024-05-17")]
    [InlineData("17.05.2024")]
    [InlineData("2024-05-17 14:30:05")]
    [InlineData("14:30:00")]
    [InlineData("1.2.3.4")]
    [InlineData("10.0.19041.1234")]
    [InlineData("192.168.10.20")]
    [InlineData("ORD-2024-000123")]
    [InlineData("order 2024-000123")]
    [InlineData("2019-0412-7781")]
    [InlineData("978-3-16-148410-0")]
    [InlineData("0-8044-2957-X")]
    [InlineData("94105-1234")]
    [InlineData("1 234 567 890")]
    [InlineData("123-45-6789")]
    [InlineData("4111 1111 1111")]
    [InlineData("1234567890")]
    [InlineData("12345")]
    [InlineData("+0 123 456 789")]
    [InlineData("NL91 ABNA 0417 1643 01")]
    public void Find_LookAlike_FindsNothing(string text) => FindsNothing(PiiCategory.Phone, text);

    [Fact]
    public void Find_ChainLongerThanTenGroups_FindsNothing() =>
        FindsNothing(PiiCategory.Phone, string.Join(' ', Enumerable.Repeat("12", 40)));
}
