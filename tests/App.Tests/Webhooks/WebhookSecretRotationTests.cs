using App.Api.Webhooks;
using App.Tests.Infrastructure;
using App.TestSupport.Webhooks;

namespace App.Tests.Webhooks;

/// <summary>
/// Rotation without downtime: during the overlap both secrets are configured and each verifies either
/// format (a secret belongs to the endpoint, not to a format).
/// </summary>
public sealed class WebhookSecretRotationTests(WebhookSecretRotationTests.RotationFixture api) : IClassFixture<WebhookSecretRotationTests.RotationFixture>
{
    public const string OldSecret = ApiFixture.WebhookSecret;
    public const string NewSecret = "whsec_3q2+7wAAAAC6ycmHvGqjLsF0P4Y1ZTAdLm5OPv8z";

    [Theory]
    [InlineData(OldSecret, WebhookFormat.Svix)]
    [InlineData(OldSecret, WebhookFormat.Native)]
    [InlineData(NewSecret, WebhookFormat.Svix)]
    [InlineData(NewSecret, WebhookFormat.Native)]
    public async Task EitherSecret_VerifiesEitherFormat(string secret, WebhookFormat format)
    {
        var evt = AutherEvent.Create("user.updated", new { id = TestData.NewUserId(), name = "Rotating" });
        var delivery = format == WebhookFormat.Svix ? AutherWebhookSigner.Svix(evt, secret) : AutherWebhookSigner.Native(evt, secret);

        (await WebhookApiFixture.OutcomeAsync(await api.SendAsync(delivery))).ShouldBe("applied");
    }

    [Fact]
    public async Task ASecretNoLongerConfigured_IsRefused()
    {
        var evt = AutherEvent.Create("user.updated", new { id = TestData.NewUserId() });

        using var response = await api.SendAsync(AutherWebhookSigner.Svix(evt, "whsec_" + Convert.ToBase64String(new byte[24])));

        await ProblemAssert.IsProblemAsync(response, 401);
    }

    [Fact]
    public async Task SvixSignatureList_FromASenderSigningWithOldAndNewSecrets_Passes()
    {
        var evt = AutherEvent.Create("user.updated", new { id = TestData.NewUserId() });
        var signed = AutherWebhookSigner.Svix(evt, NewSecret);
        var retired = AutherWebhookSigner.SvixSignature("whsec_" + Convert.ToBase64String(new byte[24]), signed.Header("svix-id"),
            long.Parse(signed.Header("svix-timestamp"), System.Globalization.CultureInfo.InvariantCulture), signed.Body);

        var delivery = signed.WithHeader("svix-signature", $"{retired} {signed.Header("svix-signature")}");

        (await WebhookApiFixture.OutcomeAsync(await api.SendAsync(delivery))).ShouldBe("applied");
    }

    public sealed class RotationFixture() : WebhookApiFixture(new() { Settings = { ["Auther:WebhookSecrets:1"] = NewSecret } });
}
