using System.Security.Cryptography;
using System.Text;

namespace App.Api.Webhooks;

/// <summary>
/// Standard Webhooks (the Svix format): HMAC-SHA256 over <c>"{id}.{timestamp}.{raw body}"</c>, base64,
/// sent as a space-separated list of <c>v1,&lt;signature&gt;</c> entries (several during a rotation);
/// any match passes. Written from the specification, proven by the Svix libraries' published vectors.
/// </summary>
public static class StandardWebhooksSignature
{
    private const string VersionPrefix = "v1,";

    public static byte[] Compute(byte[] key, string messageId, string timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.UTF8.GetBytes($"{messageId}.{timestamp}."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }

    /// <summary>True when one <c>v1</c> entry of <paramref name="signatureHeader"/> is the HMAC under one of <paramref name="keys"/>.</summary>
    public static bool Matches(IReadOnlyList<byte[]> keys, string messageId, string timestamp, ReadOnlySpan<byte> body, string signatureHeader)
    {
        var candidates = Parse(signatureHeader);
        if (candidates.Count == 0)
        {
            return false;
        }

        foreach (var key in keys)
        {
            var expected = Compute(key, messageId, timestamp, body);
            foreach (var candidate in candidates)
            {
                if (CryptographicOperations.FixedTimeEquals(expected, candidate))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The decoded <c>v1</c> signatures; other versions and undecodable entries are skipped, as the spec says.</summary>
    private static List<byte[]> Parse(string header)
    {
        var signatures = new List<byte[]>();
        foreach (var entry in header.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!entry.StartsWith(VersionPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var encoded = entry.AsSpan(VersionPrefix.Length);
            var buffer = new byte[encoded.Length];
            if (Convert.TryFromBase64Chars(encoded, buffer, out var written))
            {
                signatures.Add(buffer[..written]);
            }
        }

        return signatures;
    }
}
