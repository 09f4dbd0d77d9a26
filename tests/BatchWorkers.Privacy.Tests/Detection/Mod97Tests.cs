using BatchWorkers.Privacy.Detection;

namespace BatchWorkers.Privacy.Tests.Detection;

public sealed class Mod97Tests
{
    [Theory]
    [InlineData("GB82WEST12345698765432")]
    [InlineData("DE89370400440532013000")]
    [InlineData("FR1420041010050500013M02606")]
    [InlineData("NO9386011117947")]
    [InlineData("MT84MALT011000012345MTLCAST001S")]
    public void IsValidIban_RegistryExample_True(string iban) => Assert.True(Mod97.IsValidIban(iban));

    [Theory]
    [InlineData("GB82WEST12345698765433")]
    [InlineData("GB28WEST12345698765432")]
    [InlineData("gb82west12345698765432")]
    [InlineData("GB82 WEST 1234 5698 7654 32")]
    [InlineData("GB82")]
    public void IsValidIban_TypoLowerCaseSpacesOrShort_False(string iban) => Assert.False(Mod97.IsValidIban(iban));

    [Fact]
    public void IsValidIban_AnySingleCharacterChanged_False()
    {
        const string iban = "DE89370400440532013000";
        for (int i = 2; i < iban.Length; i++)
        {
            for (char d = '0'; d <= '9'; d++)
            {
                if (d != iban[i])
                {
                    Assert.False(Mod97.IsValidIban(iban[..i] + d + iban[(i + 1)..]), $"position {i} → {d}");
                }
            }
        }
    }
}
