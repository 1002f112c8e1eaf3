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

    [Fact]
    public void NoSignatureHeaders_IsInvalid()
    {
        Verifier(Now).Verify(Headers(("content-type", "application/json")), Body).IsValid.ShouldBeFalse();
    }

    [Fact]
    public void DisabledFormat_IsInvalid()
    {
        var delivery = AutherWebhookSigner.Native(AutherEvent.Create("user.updated", new { id = "u" }, at: Now), Secret);

        var result = Verifier(Now, new WebhookOptions { AcceptNative = false }).Verify(Headers(delivery), delivery.Body);

        result.IsValid.ShouldBeFalse();
        result.Failure!.ShouldContain("not accepted");
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
