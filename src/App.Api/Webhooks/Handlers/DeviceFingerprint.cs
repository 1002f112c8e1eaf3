using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace App.Api.Webhooks.Handlers;

/// <summary>
/// A device is its user agent plus the network it signs in from: the IP's /24 (IPv4) or /64 (IPv6), so
/// a phone whose address changes inside its provider's block is still the same device. Only the hash
/// is stored.
/// </summary>
internal static class DeviceFingerprint
{
    public static string Hash(string? userAgent, string? ipAddress)
    {
        var input = $"{userAgent?.Trim()}\n{Network(ipAddress)}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(input)));
    }

    public static string Network(string? ipAddress)
    {
        if (!IPAddress.TryParse(ipAddress?.Trim(), out var address))
        {
            return ipAddress?.Trim() ?? string.Empty;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        var prefix = address.AddressFamily == AddressFamily.InterNetwork ? 3 : 8;
        Array.Clear(bytes, prefix, bytes.Length - prefix);
        return $"{new IPAddress(bytes)}/{prefix * 8}";
    }
}
