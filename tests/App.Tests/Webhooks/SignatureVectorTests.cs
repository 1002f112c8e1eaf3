using System.Text;
using App.Api.Webhooks;
using App.TestSupport.Webhooks;

namespace App.Tests.Webhooks;

/// <summary>
/// The verifier is written from the Standard Webhooks specification (Svix.net does not restore here),
/// so it is proven with the Svix libraries' published test vectors, copied from
/// github.com/svix/svix-webhooks: csharp/Svix.Tests/WebhookTest.cs (VerifyWebhookSignWorks,
/// VerifyWebhookSignWithLargePayloadWorks, TestMultiSigPayloadIsValid, TestInvalidSignatureThrowsException)
/// and python/tests/test_webhooks.py (test_sign_function, test_invalid_signature_raises_error).
/// The test-side signer must reproduce the same values, so deliveries signed by it are what Svix sends.
/// </summary>
public sealed class SignatureVectorTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string MessageId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long Timestamp = 1614265330;
    private const string Payload = "{\"test\": 2432232314}";
    private const string Expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    // docs/auther-contract.md (Webhooks), native format: no published vectors, so this one was computed outside .NET with
    // printf '%s' "1767225600123.$BODY" | openssl dgst -sha256 -hmac 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
    private const long NativeTimestamp = 1767225600123;
    private const string NativeBody = """{"id":"evt_0123456789abcdef0123456789abcdef","type":"user.created","timestamp":1767225600123,"data":{"id":"user_1","email":"ada@example.com","name":"Ada","emailVerified":false,"createdAt":"2026-01-01T00:00:00.123Z"}}""";
    private const string NativeExpected = "928218c92183e60d7b96853351af1fbd89e4af9badde319bf7083ead3725756b";

    private static readonly byte[] PayloadBytes = Encoding.UTF8.GetBytes(Payload);

    [Fact]
    public void PublishedVector_Verifies()
    {
        StandardWebhooksSignature.Matches([WebhookKeyRing.SvixKey(Secret)], MessageId, "1614265330", PayloadBytes, Expected).ShouldBeTrue();
    }

    [Fact]
    public void PublishedVector_ComputesTheExpectedSignature()
    {
        var signature = StandardWebhooksSignature.Compute(WebhookKeyRing.SvixKey(Secret), MessageId, "1614265330", PayloadBytes);

        ("v1," + Convert.ToBase64String(signature)).ShouldBe(Expected);
    }

    [Fact]
    public void SecretWithoutPrefix_DecodesToTheSameKey()
    {
        WebhookKeyRing.SvixKey("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").ShouldBe(WebhookKeyRing.SvixKey(Secret));
    }

    [Theory]
    [InlineData("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLawdd")]
    [InlineData("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=")]
    [InlineData("v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("")]
    public void PublishedInvalidSignatures_DoNotVerify(string header)
    {
        StandardWebhooksSignature.Matches([WebhookKeyRing.SvixKey(Secret)], MessageId, "1614265330", PayloadBytes, header).ShouldBeFalse();
    }

    [Fact]
    public void SignatureList_PassesWhenAnyEntryMatches()
    {
        var header = string.Join(' ',
            "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=",
            "v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=",
            Expected,
            "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=");

        StandardWebhooksSignature.Matches([WebhookKeyRing.SvixKey(Secret)], MessageId, "1614265330", PayloadBytes, header).ShouldBeTrue();
    }

    [Fact]
    public void AnyConfiguredKey_MayMatch()
    {
        byte[][] keys = [WebhookKeyRing.SvixKey("whsec_" + Convert.ToBase64String(new byte[24])), WebhookKeyRing.SvixKey(Secret)];

        StandardWebhooksSignature.Matches(keys, MessageId, "1614265330", PayloadBytes, Expected).ShouldBeTrue();
    }

    [Theory]
    [InlineData(1024 * 1024, "v1,txpEUxqWZJ5nteTnymUVa+7C4NHpBeXJ6CsBAW0c3/A=")]
    [InlineData(256 * 1024, "v1,Mw4Pe2WgApuT7NSqnSq0PQPV9gbLdggCl9B865x5Xh0=")]
    [InlineData((256 * 1024) - 1, "v1,NTItnqyWMoFhk2Bbe5V/BMdcFRWgcSQaTgqLHX7FC7c=")]
    public void PublishedLargePayloadVectors_Verify(int size, string expected)
    {
        var body = Encoding.UTF8.GetBytes(new string('a', size));

        StandardWebhooksSignature.Matches([WebhookKeyRing.SvixKey(Secret)], MessageId, "1614265330", body, expected).ShouldBeTrue();
        AutherWebhookSigner.SvixSignature(Secret, MessageId, Timestamp, body).ShouldBe(expected);
    }

    [Fact]
    public void TestSigner_ReproducesThePublishedVector()
    {
        AutherWebhookSigner.SvixSignature(Secret, MessageId, Timestamp, PayloadBytes).ShouldBe(Expected);
    }

    [Fact]
    public void NativeVector_VerifiesWithTheWholeSecretAsKey()
    {
        var body = Encoding.UTF8.GetBytes(NativeBody);

        NativeWebhookSignature.Matches([WebhookKeyRing.NativeKey(Secret)], "1767225600123", body, NativeExpected).ShouldBeTrue();
        Convert.ToHexStringLower(NativeWebhookSignature.Compute(WebhookKeyRing.NativeKey(Secret), "1767225600123", body)).ShouldBe(NativeExpected);
        AutherWebhookSigner.NativeSignature(Secret, NativeTimestamp, body).ShouldBe(NativeExpected);
    }

    [Fact]
    public void NativeSignature_KeyedWithTheDecodedSecret_DoesNotVerify()
    {
        // The classic mistake: decoding the whsec_ secret as the Svix format does.
        var body = Encoding.UTF8.GetBytes(NativeBody);

        NativeWebhookSignature.Matches([WebhookKeyRing.SvixKey(Secret)], "1767225600123", body, NativeExpected).ShouldBeFalse();
    }

    [Theory]
    [InlineData("1767225600124", NativeExpected)]
    [InlineData("1767225600123", "928218c92183e60d7b96853351af1fbd89e4af9badde319bf7083ead3725756c")]
    [InlineData("1767225600123", "not-hex")]
    [InlineData("1767225600123", "")]
    public void NativeSignature_OverOtherContent_DoesNotVerify(string timestamp, string signature)
    {
        NativeWebhookSignature.Matches([WebhookKeyRing.NativeKey(Secret)], timestamp, Encoding.UTF8.GetBytes(NativeBody), signature).ShouldBeFalse();
    }
}
