using System.Globalization;
using Microsoft.Extensions.Options;

namespace App.Api.Webhooks;

/// <summary>
/// Recognises the format from the headers (<c>svix-*</c>/<c>webhook-*</c> or <c>x-webhook-*</c>), checks the
/// timestamp against that format's window and the signature against every configured secret.
/// </summary>
public sealed class WebhookVerifier(WebhookKeyRing keys, IOptionsMonitor<WebhookOptions> options, TimeProvider time)
{
    // Unix seconds beyond this are certainly not seconds; it also keeps DateTimeOffset in range.
    private const long MaxUnixSeconds = 100_000_000_000;

    public WebhookVerification Verify(IHeaderDictionary headers, ReadOnlySpan<byte> body)
    {
        var settings = options.CurrentValue;
        if (Header(headers, WebhookHeaders.SvixId, WebhookHeaders.Id) is not null || Header(headers, WebhookHeaders.SvixSignature, WebhookHeaders.Signature) is not null)
        {
            return settings.AcceptSvix
                ? VerifySvix(headers, body, settings)
                : WebhookVerification.Invalid(WebhookFormat.Svix, "The Svix webhook format is not accepted by this endpoint.");
        }

        if (Header(headers, WebhookHeaders.NativeSignature) is not null || Header(headers, WebhookHeaders.NativeTimestamp) is not null)
        {
            return settings.AcceptNative
                ? VerifyNative(headers, body, settings)
                : WebhookVerification.Invalid(WebhookFormat.Native, "The native webhook format is not accepted by this endpoint.");
        }

        return WebhookVerification.Invalid(null, "No webhook signature headers (svix-*, webhook-* or x-webhook-*).");
    }

    private WebhookVerification VerifySvix(IHeaderDictionary headers, ReadOnlySpan<byte> body, WebhookOptions settings)
    {
        var id = Header(headers, WebhookHeaders.SvixId, WebhookHeaders.Id);
        var timestamp = Header(headers, WebhookHeaders.SvixTimestamp, WebhookHeaders.Timestamp);
        var signature = Header(headers, WebhookHeaders.SvixSignature, WebhookHeaders.Signature);
        if (id is null || timestamp is null || signature is null)
        {
            return WebhookVerification.Invalid(WebhookFormat.Svix, "Missing svix-id, svix-timestamp or svix-signature header.");
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > MaxUnixSeconds)
        {
            return WebhookVerification.Invalid(WebhookFormat.Svix, "The signature timestamp is not unix seconds.");
        }

        var signedAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (OutsideWindow(signedAt, settings.SvixTolerance, settings.FutureTolerance) is { } window)
        {
            return WebhookVerification.Invalid(WebhookFormat.Svix, window, outsideWindow: true);
        }

        return StandardWebhooksSignature.Matches(keys.SvixKeys, id, timestamp, body, signature)
            ? WebhookVerification.Valid(WebhookFormat.Svix, id, signedAt)
            : WebhookVerification.Invalid(WebhookFormat.Svix, "No signature matches a configured secret.");
    }

    private WebhookVerification VerifyNative(IHeaderDictionary headers, ReadOnlySpan<byte> body, WebhookOptions settings)
    {
        var timestamp = Header(headers, WebhookHeaders.NativeTimestamp);
        var signature = Header(headers, WebhookHeaders.NativeSignature);
        if (timestamp is null || signature is null)
        {
            return WebhookVerification.Invalid(WebhookFormat.Native, "Missing x-webhook-timestamp or x-webhook-signature header.");
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds) || milliseconds > MaxUnixSeconds * 1000)
        {
            return WebhookVerification.Invalid(WebhookFormat.Native, "The signature timestamp is not unix milliseconds.");
        }

        var signedAt = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        if (OutsideWindow(signedAt, settings.NativeTolerance, settings.FutureTolerance) is { } window)
        {
            return WebhookVerification.Invalid(WebhookFormat.Native, window, outsideWindow: true);
        }

        // x-webhook-id is not covered by the native signature: the receiver keys on the signed envelope id.
        return NativeWebhookSignature.Matches(keys.NativeKeys, timestamp, body, signature)
            ? WebhookVerification.Valid(WebhookFormat.Native, Header(headers, WebhookHeaders.NativeId), signedAt)
            : WebhookVerification.Invalid(WebhookFormat.Native, "No signature matches a configured secret.");
    }

    private string? OutsideWindow(DateTimeOffset signedAt, TimeSpan tolerance, TimeSpan future)
    {
        var age = time.GetUtcNow() - signedAt;
        if (age > tolerance)
        {
            return $"The signature timestamp is older than the accepted window ({tolerance}).";
        }

        return -age > future ? $"The signature timestamp is more than {future} in the future." : null;
    }

    private static string? Header(IHeaderDictionary headers, string name, string? alternative = null)
    {
        if (headers.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value))
        {
            return value.ToString();
        }

        return alternative is not null && headers.TryGetValue(alternative, out value) && !string.IsNullOrWhiteSpace(value)
            ? value.ToString()
            : null;
    }
}
