using System.Text;
using App.Api.IdentityProvider;
using Microsoft.Extensions.Options;

namespace App.Api.Webhooks;

/// <summary>
/// The HMAC keys of every configured webhook secret, for both formats: a secret belongs to the endpoint,
/// not to a format, so each one is tried whichever format a delivery arrives in. Rebuilt when the
/// settings reload, so a secret can be added or removed without a restart where configuration reloads.
/// </summary>
public sealed class WebhookKeyRing : IDisposable
{
    private const string SvixPrefix = "whsec_";
    private readonly IDisposable? _subscription;
    private volatile Keys _keys;

    public WebhookKeyRing(IOptionsMonitor<AutherOptions> auther)
    {
        _keys = Build(auther.CurrentValue);
        _subscription = auther.OnChange(options => _keys = Build(options));
    }

    public IReadOnlyList<byte[]> SvixKeys => _keys.Svix;

    public IReadOnlyList<byte[]> NativeKeys => _keys.Native;

    /// <summary>
    /// Standard Webhooks: the key is the base64-decoded part after <c>whsec_</c> (the Svix libraries
    /// accept the bare base64 too). A secret that is not base64 is used as its UTF-8 bytes, so a
    /// free-text secret still verifies both formats.
    /// </summary>
    public static byte[] SvixKey(string secret)
    {
        var encoded = secret.StartsWith(SvixPrefix, StringComparison.Ordinal) ? secret[SvixPrefix.Length..] : secret;
        var buffer = new byte[encoded.Length];
        return Convert.TryFromBase64String(encoded, buffer, out var written) && written > 0
            ? buffer[..written]
            : Encoding.UTF8.GetBytes(secret);
    }

    /// <summary>Auther native: the UTF-8 bytes of the WHOLE secret string, prefix included, not decoded.</summary>
    public static byte[] NativeKey(string secret) => Encoding.UTF8.GetBytes(secret);

    public void Dispose() => _subscription?.Dispose();

    private static Keys Build(AutherOptions options)
    {
        var secrets = options.WebhookSecrets.Where(s => !string.IsNullOrWhiteSpace(s)).ToList();
        return new Keys(secrets.Select(SvixKey).ToArray(), secrets.Select(NativeKey).ToArray());
    }

    private sealed record Keys(byte[][] Svix, byte[][] Native);
}
