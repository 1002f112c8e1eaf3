using System.Security.Cryptography;
using System.Text;
using App.Api.Webhooks.Handlers;

namespace App.Tests.Webhooks;

/// <summary>
/// A device is its user agent plus its network (IPv4 /24, IPv6 /64). The hash is stored in <c>known_devices</c>,
/// so its input must stay the same from one release to the next, or every user's devices count as new again.
/// </summary>
public sealed class DeviceFingerprintTests
{
    [Theory]
    [InlineData("198.51.100.23", "198.51.100.0/24")]
    [InlineData(" 198.51.100.23 ", "198.51.100.0/24")]
    [InlineData("::ffff:198.51.100.23", "198.51.100.0/24")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [InlineData(" not-an-address ", "not-an-address")]
    [InlineData(null, "")]
    public void Network_IsTheAddressesBlock_OrTheTextAsSent(string? ipAddress, string expected) =>
        DeviceFingerprint.Network(ipAddress).ShouldBe(expected);

    [Fact]
    public void Hash_IsTheSha256OfTheUserAgentAndTheNetwork()
    {
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("Firefox/130\n198.51.100.0/24")));

        DeviceFingerprint.Hash(" Firefox/130 ", "198.51.100.77").ShouldBe(expected);
    }
}
