using System.Text;
using App.Api.IdentityProvider;
using App.Api.Webhooks;
using App.Tests.Infrastructure;

namespace App.Tests.Webhooks;

/// <summary>Which keys the configured secrets become, and that a settings reload replaces them.</summary>
public sealed class WebhookKeyRingTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string NewSecret = "whsec_3q2+7wAAAAC6ycmHvGqjLsF0P4Y1ZTAdLm5OPv8z";

    /// <summary>A blank entry (an empty environment variable, say) is no secret: as one it would be an empty HMAC key anyone can sign with.</summary>
    [Fact]
    public void BlankSecrets_AreLeftOut()
    {
        using var ring = new WebhookKeyRing(new FixedOptions<AutherOptions>(new AutherOptions { WebhookSecrets = ["", "  ", Secret] }));

        ring.SvixKeys.ShouldHaveSingleItem().ShouldBe(WebhookKeyRing.SvixKey(Secret));
        ring.NativeKeys.ShouldHaveSingleItem().ShouldBe(Encoding.UTF8.GetBytes(Secret));
    }

    /// <summary>A prefix with nothing after it decodes to no bytes: the secret is then used as text, never as an empty key.</summary>
    [Fact]
    public void SvixKey_OfAPrefixAlone_IsTheTextNotAnEmptyKey()
    {
        WebhookKeyRing.SvixKey("whsec_").ShouldBe(Encoding.UTF8.GetBytes("whsec_"));
    }

    [Fact]
    public void SettingsReload_ReplacesTheKeys()
    {
        var auther = new ChangingOptions<AutherOptions>(new AutherOptions { WebhookSecrets = [Secret] });
        using var ring = new WebhookKeyRing(auther);

        auther.Change(new AutherOptions { WebhookSecrets = [NewSecret] });

        ring.SvixKeys.ShouldHaveSingleItem().ShouldBe(WebhookKeyRing.SvixKey(NewSecret));
        ring.NativeKeys.ShouldHaveSingleItem().ShouldBe(Encoding.UTF8.GetBytes(NewSecret));
    }

    [Fact]
    public void Dispose_StopsListeningForReloads()
    {
        var auther = new ChangingOptions<AutherOptions>(new AutherOptions { WebhookSecrets = [Secret] });
        var ring = new WebhookKeyRing(auther);
        auther.Listeners.ShouldBe(1);

        ring.Dispose();

        auther.Listeners.ShouldBe(0);
    }
}
