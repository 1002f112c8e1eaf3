using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace App.TestSupport.Webhooks;

/// <summary>
/// Signs deliveries as Auther does (docs/auther-contract.md, Webhooks), written independently of the app's verifier
/// and proven against the Svix libraries' published vectors, so a test passing means the app accepts
/// what a real sender sends. The local Auther's own deliveries can replace it once it exists.
/// </summary>
public static class AutherWebhookSigner
{
    /// <summary>Standard Webhooks: base64 HMAC-SHA256 of <c>{id}.{seconds}.{body}</c> keyed with the decoded <c>whsec_</c> secret.</summary>
    public static string SvixSignature(string secret, string messageId, long timestampSeconds, byte[] body)
    {
        var key = Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret["whsec_".Length..] : secret);
        var content = Encoding.UTF8.GetBytes($"{messageId}.{timestampSeconds.ToString(CultureInfo.InvariantCulture)}.").Concat(body).ToArray();
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    /// <summary>Auther native: lowercase hex HMAC-SHA256 of <c>{milliseconds}.{body}</c> keyed with the whole secret's UTF-8 bytes.</summary>
    public static string NativeSignature(string secret, long timestampMs, byte[] body)
    {
        var content = Encoding.UTF8.GetBytes($"{timestampMs.ToString(CultureInfo.InvariantCulture)}.").Concat(body).ToArray();
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), content));
    }

    /// <summary>A Svix-format delivery; Svix re-signs each attempt, so <paramref name="signedAt"/> defaults to now.</summary>
    public static SignedWebhook Svix(AutherEvent evt, string secret, string? messageId = null, DateTimeOffset? signedAt = null,
        bool unbranded = false)
    {
        var body = Encoding.UTF8.GetBytes(evt.ToJson());
        var id = messageId ?? "msg_" + Guid.NewGuid().ToString("N");
        var seconds = (signedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        var prefix = unbranded ? "webhook-" : "svix-";
        return new SignedWebhook(body, "application/json",
        [
            new(prefix + "id", id),
            new(prefix + "timestamp", seconds.ToString(CultureInfo.InvariantCulture)),
            new(prefix + "signature", SvixSignature(secret, id, seconds, body)),
        ]);
    }

    /// <summary>A native delivery; its retries keep the event's creation timestamp, which is the default here.</summary>
    public static SignedWebhook Native(AutherEvent evt, string secret, DateTimeOffset? signedAt = null, bool formEncoded = false)
    {
        var body = Encoding.UTF8.GetBytes(formEncoded ? FormBody(evt) : evt.ToJson());
        var ms = signedAt?.ToUnixTimeMilliseconds() ?? evt.Timestamp;
        return new SignedWebhook(body, formEncoded ? "application/x-www-form-urlencoded" : "application/json",
        [
            new("x-webhook-id", evt.Id),
            new("x-webhook-timestamp", ms.ToString(CultureInfo.InvariantCulture)),
            new("x-webhook-signature", NativeSignature(secret, ms, body)),
            new("x-webhook-origin", evt.Origin ?? "auther"),
        ]);
    }

    private static string FormBody(AutherEvent evt)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("id", evt.Id),
            new("type", evt.Type),
            new("timestamp", evt.Timestamp.ToString(CultureInfo.InvariantCulture)),
            new("data", evt.DataJson),
        };
        if (evt.Origin is not null)
        {
            fields.Add(new("origin", evt.Origin));
        }

        return string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));
    }
}
