using System.Text;
using App.Api.IdentityProvider;
using App.Api.Webhooks;
using App.Tests.Infrastructure;
using App.TestSupport.Webhooks;
using Microsoft.AspNetCore.Http;

namespace App.Tests.Webhooks;

/// <summary>Format recognition and the per-format windows, on a clock the test sets.</summary>
public sealed class WebhookVerifierTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1614265330);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"test\": 2432232314}");

    [Theory]
    [InlineData("svix-")]
    [InlineData("webhook-")]
    public void PublishedVector_AtItsTimestamp_IsValidUnderEitherHeaderPrefix(string prefix)
    {
        var result = Verifier(Now).Verify(Headers(
            (prefix + "id", "msg_p5jXN8AQM9LWM0D4loKWxJek"),
            (prefix + "timestamp", "1614265330"),
            (prefix + "signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")), Body);

        result.IsValid.ShouldBeTrue(result.Failure);
        result.Format.ShouldBe(WebhookFormat.Svix);
        result.MessageId.ShouldBe("msg_p5jXN8AQM9LWM0D4loKWxJek");
    }

    [Theory]
    [InlineData(-301, false)]
    [InlineData(-299, true)]
    [InlineData(299, true)]
    [InlineData(301, false)]
    public void Svix_AcceptsFiveMinutesEitherWay(int offsetSeconds, bool valid)
    {
        var delivery = AutherWebhookSigner.Svix(AutherEvent.Create("user.updated", new { id = "u" }), Secret, signedAt: Now.AddSeconds(offsetSeconds));

        var result = Verifier(Now).Verify(Headers(delivery), delivery.Body);

        result.IsValid.ShouldBe(valid, result.Failure);
        result.OutsideWindow.ShouldBe(!valid);
    }

    [Theory]
    [InlineData(-33 * 60, true)]
    [InlineData((-72 * 3600) + 1, true)]
    [InlineData((-72 * 3600) - 1, false)]
    [InlineData(299, true)]
    [InlineData(301, false)]
    public void Native_AcceptsAutherRetryScheduleButNotTheFarPastOrFuture(int offsetSeconds, bool valid)
    {
        var evt = AutherEvent.Create("user.updated", new { id = "u" }, at: Now.AddSeconds(offsetSeconds));
        var delivery = AutherWebhookSigner.Native(evt, Secret);

        var result = Verifier(Now).Verify(Headers(delivery), delivery.Body);

        result.IsValid.ShouldBe(valid, result.Failure);
        result.Format.ShouldBe(WebhookFormat.Native);
        result.OutsideWindow.ShouldBe(!valid);
    }

    /// <summary>A forged or altered native delivery: its timestamp is fresh, only the signature gives it away.</summary>
    [Theory]
    [InlineData("body")]
    [InlineData("timestamp")]
    [InlineData("secret")]
    [InlineData("signature")]
    public void Native_WithASignatureThatDoesNotMatch_IsInvalid(string tampered)
    {
        var evt = AutherEvent.Create("user.updated", new { id = "u", role = "user" }, at: Now);
        var delivery = AutherWebhookSigner.Native(evt, tampered == "secret" ? "whsec_another-secret-entirely" : Secret);
        var headers = Headers(delivery);
        var body = tampered == "body" ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(delivery.Body).Replace("\"user\"", "\"admin\"", StringComparison.Ordinal)) : delivery.Body;
        if (tampered == "timestamp")
        {
            headers["x-webhook-timestamp"] = (long.Parse(headers["x-webhook-timestamp"].ToString(), System.Globalization.CultureInfo.InvariantCulture) - 1000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (tampered == "signature")
        {
            var signature = headers["x-webhook-signature"].ToString();
            headers["x-webhook-signature"] = (signature[0] == '0' ? '1' : '0') + signature[1..];
        }

        var result = Verifier(Now).Verify(headers, body);

        result.IsValid.ShouldBeFalse();
        result.Format.ShouldBe(WebhookFormat.Native);
        result.OutsideWindow.ShouldBeFalse();
        result.Failure.ShouldBe("No signature matches a configured secret.");
    }

    /// <summary>The windows' edges belong to the window: exactly five minutes either way, exactly 72 hours old.</summary>
    [Theory]
    [InlineData("svix", -300)]
    [InlineData("svix", 300)]
    [InlineData("native", -72 * 3600)]
    [InlineData("native", 300)]
    public void SignedExactlyAtTheWindowsEdge_IsValid(string format, int offsetSeconds)
    {
        var signedAt = Now.AddSeconds(offsetSeconds);
        var evt = AutherEvent.Create("user.updated", new { id = "u" }, at: signedAt);
        var delivery = format == "svix" ? AutherWebhookSigner.Svix(evt, Secret, signedAt: signedAt) : AutherWebhookSigner.Native(evt, Secret);

        var result = Verifier(Now).Verify(Headers(delivery), delivery.Body);

        result.IsValid.ShouldBeTrue(result.Failure);
        result.SignedAt.ShouldBe(signedAt);
    }

    /// <summary>The window failure says which side it missed, and is told apart from a wrong signature.</summary>
    [Theory]
    [InlineData("svix", -301, "older than the accepted window (00:05:00)")]
    [InlineData("svix", 301, "more than 00:05:00 in the future")]
    [InlineData("native", (-72 * 3600) - 1, "older than the accepted window (3.00:00:00)")]
    [InlineData("native", 301, "more than 00:05:00 in the future")]
    public void SignedOutsideTheWindow_SaysWhichSide(string format, int offsetSeconds, string reason)
    {
        var signedAt = Now.AddSeconds(offsetSeconds);
        var evt = AutherEvent.Create("user.updated", new { id = "u" }, at: signedAt);
        var delivery = format == "svix" ? AutherWebhookSigner.Svix(evt, Secret, signedAt: signedAt) : AutherWebhookSigner.Native(evt, Secret);

        var result = Verifier(Now).Verify(Headers(delivery), delivery.Body);

        result.IsValid.ShouldBeFalse();
        result.OutsideWindow.ShouldBeTrue();
        result.Failure!.ShouldContain(reason);
    }

    [Fact]
    public void Svix_SignedWithASecretNotConfigured_IsInvalid()
    {
        var delivery = AutherWebhookSigner.Svix(AutherEvent.Create("user.updated", new { id = "u" }), "whsec_" + Convert.ToBase64String(new byte[24]), signedAt: Now);

        var result = Verifier(Now).Verify(Headers(delivery), delivery.Body);

        result.IsValid.ShouldBeFalse();
        result.Format.ShouldBe(WebhookFormat.Svix);
        result.OutsideWindow.ShouldBeFalse();
        result.Failure.ShouldBe("No signature matches a configured secret.");
    }

    [Fact]
    public void ValidNativeDelivery_CarriesItsHeaderIdAndSignedTime()
    {
        var evt = AutherEvent.Create("user.updated", new { id = "u" }, at: Now.AddMinutes(-3));
        var delivery = AutherWebhookSigner.Native(evt, Secret);

        var result = Verifier(Now).Verify(Headers(delivery), delivery.Body);

        result.IsValid.ShouldBeTrue(result.Failure);
        result.MessageId.ShouldBe(evt.Id);
        result.SignedAt.ShouldBe(Now.AddMinutes(-3));
    }

    /// <summary>Header values may arrive padded; the hex digits are what is compared.</summary>
    [Fact]
    public void NativeSignature_WithSurroundingWhitespace_IsValid()
    {
        var delivery = AutherWebhookSigner.Native(AutherEvent.Create("user.updated", new { id = "u" }, at: Now), Secret);
        var headers = Headers(delivery);
        headers["x-webhook-signature"] = " " + headers["x-webhook-signature"] + " ";

        Verifier(Now).Verify(headers, delivery.Body).IsValid.ShouldBeTrue();
    }

    /// <summary>A blank header counts as absent: one present and filled header of a format is what picks it.</summary>
    [Theory]
    [InlineData("content-type", "application/json")]
    [InlineData("svix-signature", " ")]
    [InlineData("webhook-id", "")]
    [InlineData("x-webhook-signature", "  ")]
    public void NoSignatureHeaders_IsInvalid_WithoutAFormat(string name, string value)
    {
        var result = Verifier(Now).Verify(Headers((name, value)), Body);

        result.IsValid.ShouldBeFalse();
        result.Format.ShouldBeNull();
        result.Failure.ShouldBe("No webhook signature headers (svix-*, webhook-* or x-webhook-*).");
    }

    /// <summary>Any one header of a format picks that format; the others missing or blank is then its failure.</summary>
    [Theory]
    [InlineData("svix-id", null)]
    [InlineData("svix-timestamp", null)]
    [InlineData("svix-signature", null)]
    [InlineData("svix-id", " ")]
    [InlineData("svix-signature", " ")]
    public void SvixHeaderMissing_IsInvalid(string missing, string? value)
    {
        var delivery = AutherWebhookSigner.Svix(AutherEvent.Create("user.updated", new { id = "u" }), Secret, signedAt: Now);
        var headers = Headers(delivery);
        headers.Remove(missing);
        if (value is not null)
        {
            headers[missing] = value;
        }

        var result = Verifier(Now).Verify(headers, delivery.Body);

        result.IsValid.ShouldBeFalse();
        result.Format.ShouldBe(WebhookFormat.Svix);
        result.Failure.ShouldBe("Missing svix-id, svix-timestamp or svix-signature header.");
    }

    [Theory]
    [InlineData("x-webhook-timestamp")]
    [InlineData("x-webhook-signature")]
    public void NativeHeaderMissing_IsInvalid(string missing)
    {
        var delivery = AutherWebhookSigner.Native(AutherEvent.Create("user.updated", new { id = "u" }, at: Now), Secret);
        var headers = Headers(delivery);
        headers.Remove(missing);

        var result = Verifier(Now).Verify(headers, delivery.Body);

        result.IsValid.ShouldBeFalse();
        result.Format.ShouldBe(WebhookFormat.Native);
        result.Failure.ShouldBe("Missing x-webhook-timestamp or x-webhook-signature header.");
    }

    /// <summary>
    /// Timestamps that are not a count of unix seconds are refused as such, without throwing: up to 100,000,000,000
    /// seconds (the year 5138) it is a time (refused as in the future), beyond it the number is not seconds, and
    /// far beyond it <see cref="DateTimeOffset"/> could not hold it.
    /// </summary>
    [Theory]
    [InlineData("abc", false)]
    [InlineData("-1614265330", false)]
    [InlineData("1614265330.5", false)]
    [InlineData("100000000001", false)]
    [InlineData("99999999999999999", false)]
    [InlineData("100000000000", true)]
    public void SvixTimestamp_NotUnixSeconds_IsInvalid(string timestamp, bool readAsATime)
    {
        var result = Verifier(Now).Verify(Headers(
            ("svix-id", "msg_p5jXN8AQM9LWM0D4loKWxJek"),
            ("svix-timestamp", timestamp),
            ("svix-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")), Body);

        result.IsValid.ShouldBeFalse();
        result.Format.ShouldBe(WebhookFormat.Svix);
        result.OutsideWindow.ShouldBe(readAsATime);
        (result.Failure == "The signature timestamp is not unix seconds.").ShouldBe(!readAsATime, result.Failure);
    }

    [Theory]
    [InlineData("abc", false)]
    [InlineData("100000000000001", false)]
    [InlineData("99999999999999999", false)]
    [InlineData("100000000000000", true)]
    public void NativeTimestamp_NotUnixMilliseconds_IsInvalid(string timestamp, bool readAsATime)
    {
        var result = Verifier(Now).Verify(Headers(
            ("x-webhook-timestamp", timestamp),
            ("x-webhook-signature", new string('0', 64))), Body);

        result.IsValid.ShouldBeFalse();
        result.Format.ShouldBe(WebhookFormat.Native);
        result.OutsideWindow.ShouldBe(readAsATime);
        (result.Failure == "The signature timestamp is not unix milliseconds.").ShouldBe(!readAsATime, result.Failure);
    }

    [Theory]
    [InlineData("svix")]
    [InlineData("native")]
    public void DisabledFormat_IsInvalid(string format)
    {
        var evt = AutherEvent.Create("user.updated", new { id = "u" }, at: Now);
        var delivery = format == "svix" ? AutherWebhookSigner.Svix(evt, Secret, signedAt: Now) : AutherWebhookSigner.Native(evt, Secret);
        var options = format == "svix" ? new WebhookOptions { AcceptSvix = false } : new WebhookOptions { AcceptNative = false };

        var result = Verifier(Now, options).Verify(Headers(delivery), delivery.Body);

        result.IsValid.ShouldBeFalse();
        result.Format.ShouldBe(format == "svix" ? WebhookFormat.Svix : WebhookFormat.Native);
        result.Failure.ShouldBe(format == "svix"
            ? "The Svix webhook format is not accepted by this endpoint."
            : "The native webhook format is not accepted by this endpoint.");
    }

    [Fact]
    public void FreeTextSecret_StillVerifiesBothFormats()
    {
        const string freeText = "a free-text secret, not base64 at all!";
        var verifier = Verifier(Now, secrets: [freeText]);
        var evt = AutherEvent.Create("user.updated", new { id = "u" }, at: Now);
        var native = AutherWebhookSigner.Native(evt, freeText);
        var svixSignature = "v1," + Convert.ToBase64String(StandardWebhooksSignature.Compute(Encoding.UTF8.GetBytes(freeText), "msg_1", "1614265330", Body));

        verifier.Verify(Headers(native), native.Body).IsValid.ShouldBeTrue();
        verifier.Verify(Headers(("svix-id", "msg_1"), ("svix-timestamp", "1614265330"), ("svix-signature", svixSignature)), Body).IsValid.ShouldBeTrue();
    }

    [Theory]
    [InlineData("z")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeZ")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde")]
    public void NativeSignature_NotSixtyFourHexDigits_IsInvalid_WithoutThrowing(string signature)
    {
        var evt = AutherEvent.Create("user.updated", new { id = "u" }, at: Now);
        var native = AutherWebhookSigner.Native(evt, Secret);
        var headers = Headers(native);
        headers["x-webhook-signature"] = signature;

        Verifier(Now).Verify(headers, native.Body).IsValid.ShouldBeFalse();
    }

    private static WebhookVerifier Verifier(DateTimeOffset now, WebhookOptions? options = null, List<string>? secrets = null) =>
        new(new WebhookKeyRing(new FixedOptions<AutherOptions>(new AutherOptions { WebhookSecrets = secrets ?? [Secret] })),
            new FixedOptions<WebhookOptions>(options ?? new WebhookOptions()),
            new TestClock(now));

    private static HeaderDictionary Headers(SignedWebhook delivery) =>
        Headers(delivery.Headers.Select(h => (h.Key, h.Value)).ToArray());

    private static HeaderDictionary Headers(params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary[name] = value;
        }

        return dictionary;
    }
}
