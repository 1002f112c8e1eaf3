using System.Security.Cryptography;
using System.Text;
using Auther.Dev.Webhooks.Signing;

namespace Auther.Dev.Tests.Webhooks;

public sealed class WebhookSignerTests
{
    // The published Svix / Standard Webhooks test vector, from the Svix libraries' own tests:
    // svix/svix-webhooks, csharp/Svix.Tests/WebhookTest.cs (VerifyWebhookSignWorks) and
    // php/tests/WebhookTest.php (testSignFunctionWorks). Reproducing it is what says a receiver's
    // Svix library will accept our signatures.
    [Fact]
    public void SignSvix_ReproducesThePublishedSvixTestVector()
    {
        var signature = WebhookSigner.SignSvix(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}");

        signature.ShouldBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    // Same source, VerifyWebhookSignWithLargePayloadWorks: a payload of 256 KiB of 'a'.
    [Fact]
    public void SignSvix_ReproducesThePublishedLargePayloadVector()
    {
        var signature = WebhookSigner.SignSvix(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, new string('a', 256 * 1024));

        signature.ShouldBe("v1,Mw4Pe2WgApuT7NSqnSq0PQPV9gbLdggCl9B865x5Xh0=");
    }

    [Fact]
    public void SignSvix_AcceptsTheSecretWithoutItsPrefix_AsSvixLibrariesDo()
    {
        WebhookSigner.SignSvix("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}")
            .ShouldBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    // The native format's definition (docs/auther-contract.md, Webhooks, native): lowercase hex HMAC-SHA256 of "{timestamp}.{raw body}",
    // keyed with the UTF-8 bytes of the whole secret string, whsec_ included. Computed here independently.
    [Fact]
    public void SignNative_IsHexHmacOfTimestampDotBody_KeyedWithTheWholeSecretString()
    {
        const string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        const string body = "{\"id\":\"evt_0123456789abcdef0123456789abcdef\",\"type\":\"user.created\",\"timestamp\":1767225600123,\"data\":{}}";
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var expected = string.Concat(hmac.ComputeHash(Encoding.UTF8.GetBytes("1767225600123." + body)).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

        var signature = WebhookSigner.SignNative(secret, 1767225600123, body);

        signature.ShouldBe(expected);
        signature.ShouldBe(signature.ToLowerInvariant());
        signature.Length.ShouldBe(64);
    }

    [Fact]
    public void SignNative_DoesNotDecodeTheSecret()
    {
        var decodedKeySignature = Convert.ToHexStringLower(HMACSHA256.HashData(
            Convert.FromBase64String("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), Encoding.UTF8.GetBytes("1.{}")));

        WebhookSigner.SignNative("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", 1, "{}").ShouldNotBe(decodedKeySignature);
    }
}
