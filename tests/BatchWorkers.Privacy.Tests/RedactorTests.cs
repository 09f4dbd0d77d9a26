using System.Text;
using System.Text.Json;

namespace BatchWorkers.Privacy.Tests;

public sealed class RedactorTests
{
    private readonly Redactor _redactor = new();

    [Fact]
    public void Redact_EveryCategory_ReplacesWithTypedPlaceholdersAndCounts()
    {
        RedactionResult result = _redactor.Redact(
            "Mail jane@example.com or call +44 20 7946 0958; card 4111 1111 1111 1111, IBAN GB82 WEST 1234 5698 7654 32, "
            + "from 192.168.1.10 and 2001:db8::1.");

        Assert.Equal("Mail [EMAIL] or call [PHONE]; card [CARD], IBAN [IBAN], from [IP] and [IP].", result.Text);
        Assert.Equal(new Dictionary<string, int> { ["EMAIL"] = 1, ["PHONE"] = 1, ["CARD"] = 1, ["IBAN"] = 1, ["IP"] = 2 }, result.Counts);
        Assert.Equal(6, result.Total);
    }

    [Fact]
    public void Redact_NothingFound_ReturnsTheTextAndNoCounts()
    {
        RedactionResult result = _redactor.Redact("Order ORD-2024-000123 shipped on 2024-05-17.");

        Assert.Equal("Order ORD-2024-000123 shipped on 2024-05-17.", result.Text);
        Assert.Empty(result.Counts);
    }

    [Fact]
    public void Redact_EmptyText_ReturnsEmpty() => Assert.Equal("", _redactor.Redact("").Text);

    [Fact]
    public void Redact_Ipv6WithIpv4Tail_IsOneAddress()
    {
        RedactionResult result = _redactor.Redact("peer ::ffff:192.0.2.128 closed");

        Assert.Equal("peer [IP] closed", result.Text);
        Assert.Equal(1, result.Counts["IP"]);
    }

    [Fact]
    public void Redact_OverlappingMatches_LongestWins()
    {
        // A custom pattern for the local part alone overlaps the whole address: the address is longer.
        var redactor = new Redactor(new RedactorOptions { CustomPatterns = [new CustomPattern("USER", "jane")] });

        Assert.Equal("[EMAIL] wrote", redactor.Redact("jane@example.com wrote").Text);
    }

    [Fact]
    public void Redact_EqualMatches_CustomPatternWinsOverBuiltIn()
    {
        var redactor = new Redactor(new RedactorOptions { CustomPatterns = [new CustomPattern("CUSTOMER_NO", @"\b\d{3}-\d{3}-\d{4}\b")] });

        RedactionResult result = redactor.Redact("Customer 415-555-2671");

        Assert.Equal("Customer [CUSTOMER_NO]", result.Text);
        Assert.False(result.Counts.ContainsKey("PHONE"));
    }

    [Fact]
    public void Redact_CategoryTurnedOff_LeavesItsData()
    {
        var redactor = new Redactor(new RedactorOptions { Categories = new HashSet<PiiCategory> { PiiCategory.Email } });

        Assert.Equal("[EMAIL] / +44 20 7946 0958", redactor.Redact("jane@example.com / +44 20 7946 0958").Text);
        Assert.Equal(["EMAIL"], redactor.PlaceholderNames);
    }

    [Fact]
    public void Result_SerializedOrPrinted_HoldsNoValues()
    {
        string[] values = ["jane@example.com", "+44 20 7946 0958", "4111 1111 1111 1111", "GB82 WEST 1234 5698 7654 32", "192.168.1.10"];
        RedactionResult result = _redactor.Redact(string.Join(" | ", values));

        string json = JsonSerializer.Serialize(result);
        string printed = result.ToString() + string.Join(",", result.Counts);
        Assert.All(values, value =>
        {
            Assert.DoesNotContain(value, json, StringComparison.Ordinal);
            Assert.DoesNotContain(value, printed, StringComparison.Ordinal);
        });
        Assert.All(result.Counts.Keys, name => Assert.Contains(name, _redactor.PlaceholderNames));
    }

    [Fact]
    public void Redact_OneMegabyteWithScatteredData_FindsEveryPiece()
    {
        // 1 MiB of prose with look-alikes (dates, versions, order numbers, prices) and one of each kind of data in
        // every 40th paragraph. The counts prove nothing was lost or doubled; the test's own run time shows speed.
        const string filler = "On 2024-05-17 order ORD-2024-000123 (version 1.2.3.4, 3 x 12.99 EUR) left room 101 at 14:30. ";
        const string personal = "Contact jane@example.com, +44 20 7946 0958, 4111 1111 1111 1111, DE89 3704 0044 0532 0130 00, 10.0.0.1. ";
        var text = new StringBuilder();
        int paragraphs = 0, withData = 0;
        while (text.Length < 1 << 20)
        {
            text.Append(filler);
            if (++paragraphs % 40 == 0)
            {
                text.Append(personal);
                withData++;
            }
        }

        RedactionResult result = _redactor.Redact(text.ToString());

        Assert.True(withData > 200, $"{withData} paragraphs with data");
        Assert.Equal(
            new Dictionary<string, int> { ["EMAIL"] = withData, ["PHONE"] = withData, ["CARD"] = withData, ["IBAN"] = withData, ["IP"] = withData },
            result.Counts);
    }

    [Fact]
    public void Redact_AdversarialRuns_StillFinishesAndFindsNothing()
    {
        // Long runs of what detectors' patterns are made of: linear patterns get through these in one pass each.
        string text = new string('a', 100_000) + " " + string.Concat(Enumerable.Repeat("1 ", 50_000))
            + string.Concat(Enumerable.Repeat("a.", 50_000)) + " " + string.Concat(Enumerable.Repeat("1:", 50_000))
            + " " + new string('9', 100_000) + " " + string.Concat(Enumerable.Repeat("'a", 50_000));

        Assert.Empty(_redactor.Redact(text).Counts);
    }
}
