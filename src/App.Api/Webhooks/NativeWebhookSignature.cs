using System.Security.Cryptography;
using System.Text;

namespace App.Api.Webhooks;

/// <summary>
/// Auther's native format: lowercase hex HMAC-SHA256 of <c>"{timestamp}.{raw body}"</c> (the
/// <c>x-webhook-timestamp</c> header as sent, in milliseconds), keyed with the UTF-8 bytes of the whole
/// secret string.
/// </summary>
public static class NativeWebhookSignature
{
    private const int HexLength = 64;

    public static byte[] Compute(byte[] key, string timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.UTF8.GetBytes(timestamp + "."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }

    public static bool Matches(IReadOnlyList<byte[]> keys, string timestamp, ReadOnlySpan<byte> body, string signatureHeader)
    {
        var hex = signatureHeader.Trim();
        if (hex.Length != HexLength || !hex.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        var candidate = Convert.FromHexString(hex);
        foreach (var key in keys)
        {
            if (CryptographicOperations.FixedTimeEquals(Compute(key, timestamp, body), candidate))
            {
                return true;
            }
        }

        return false;
    }
}
