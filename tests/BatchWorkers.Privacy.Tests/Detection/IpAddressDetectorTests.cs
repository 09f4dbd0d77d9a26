using static BatchWorkers.Privacy.Tests.Detection.DetectorAssert;

namespace BatchWorkers.Privacy.Tests.Detection;

public sealed class IpAddressDetectorTests
{
    [Theory]
    [InlineData("192.168.1.10")]
    [InlineData("8.8.8.8")]
    [InlineData("255.255.255.255")]
    [InlineData("2001:db8::1")]
    [InlineData("2001:0db8:85a3:0000:0000:8a2e:0370:7334")]
    [InlineData("fe80::1ff:fe23:4567:890a")]
    [InlineData("::ffff:192.0.2.128")]
    [InlineData("2001:DB8:AC10:FE01::")]
    public void Find_Address_MatchesItExactly(string address) => Finds(PiiCategory.IpAddress, $"from {address}, port 1", address);

    [Fact]
    public void Find_AddressWithPort_LeavesThePort() => Finds(PiiCategory.IpAddress, "10.0.0.1:8080", "10.0.0.1");

    [Fact]
    public void Find_BracketedIpv6WithPort_LeavesBracketsAndPort() =>
        Finds(PiiCategory.IpAddress, "[2001:db8::1]:443", "2001:db8::1");

    [Theory]
    [InlineData("version 1.2.3.4")]
    [InlineData("Version: 1.2.3.4")]
    [InlineData("v1.2.3.4")]
    [InlineData("build 4.5.6.7")]
    [InlineData("1.2.3.4-beta")]
    [InlineData("section 4.2.1.3")]
    [InlineData("§ 4.2.1.3")]
    [InlineData("256.1.1.1")]
    [InlineData("010.1.1.1")]
    [InlineData("1.2.3.4.5")]
    [InlineData("12:30:45")]
    [InlineData("00:1A:2B:3C:4D:5E")]
    [InlineData("std::vector")]
    [InlineData("a:b:c")]
    public void Find_LookAlike_FindsNothing(string text) => FindsNothing(PiiCategory.IpAddress, text);
}
