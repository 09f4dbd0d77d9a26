using BatchWorkers.Privacy.Detection;

namespace BatchWorkers.Privacy.Tests.Detection;

public sealed class LuhnTests
{
    [Theory]
    [InlineData("4111111111111111")]
    [InlineData("378282246310005")]
    [InlineData("79927398713")]
    [InlineData("0")]
    public void IsValid_CheckDigitRight_True(string digits) => Assert.True(Luhn.IsValid(digits));

    [Theory]
    [InlineData("4111111111111112")]
    [InlineData("79927398710")]
    [InlineData("")]
    [InlineData("4111 1111 1111 1111")]
    public void IsValid_CheckDigitWrongOrNotDigits_False(string digits) => Assert.False(Luhn.IsValid(digits));

    [Fact]
    public void IsValid_AnySingleDigitChanged_False()
    {
        const string card = "5555555555554444";
        for (int i = 0; i < card.Length; i++)
        {
            for (char d = '0'; d <= '9'; d++)
            {
                if (d != card[i])
                {
                    Assert.False(Luhn.IsValid(card[..i] + d + card[(i + 1)..]), $"position {i} → {d}");
                }
            }
        }
    }
}
