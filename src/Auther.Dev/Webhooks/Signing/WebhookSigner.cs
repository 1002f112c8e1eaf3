using System.Security.Cryptography;
using System.Text;

namespace Auther.Dev.Webhooks.Signing;

/// <summary>The contract's two webhook signatures, public so tests can sign requests of their own.</summary>
public static class WebhookSigner
{
    private const string SecretPrefix = "whsec_";

    /// <summary>
    /// Svix / Standard Webhooks: <c>v1,</c> + base64 HMAC-SHA256 of <c>"{id}.{timestamp}.{body}"</c>, keyed with the
    /// base64-decoded part of the secret after <c>whsec_</c>.
    /// </summary>
    public static string SignSvix(string secret, string messageId, long timestampSeconds, string body)
    {
        var content = Encoding.UTF8.GetBytes($"{messageId}.{timestampSeconds}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(SvixKey(secret), content));
    }

    /// <summary>
    /// Auther native: lowercase hex HMAC-SHA256 of <c>"{timestamp}.{body}"</c>, keyed with the UTF-8 bytes of the
    /// WHOLE secret string, <c>whsec_</c> included (deployed Auther does not decode it).
    /// </summary>
    public static string SignNative(string secret, long timestampMilliseconds, string body)
    {
        var content = Encoding.UTF8.GetBytes($"{timestampMilliseconds}.{body}");
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), content));
    }

    /// <summary>The Svix HMAC key: the secret without its prefix, base64-decoded. Throws <see cref="FormatException"/> when it is not base64.</summary>
    public static byte[] SvixKey(string secret) =>
        Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
}
