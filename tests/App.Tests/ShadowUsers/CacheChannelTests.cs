using App.Api.ShadowUsers;

namespace App.Tests.ShadowUsers;

/// <summary>
/// The cache channel's two messages (<see cref="CacheChannel"/>), read back as every instance's listener reads them:
/// what is sent parses to what was meant, and anything else on the channel is ignored, never half-read.
/// </summary>
public sealed class CacheChannelTests
{
    [Fact]
    public void UserChanged_ParsesBackToTheUser()
    {
        CacheChannel.TryParseUserChanged(CacheChannel.UserChanged("user_1:a"), out var userId).ShouldBeTrue();
        userId.ShouldBe("user_1:a");
    }

    [Theory]
    [InlineData("user:")]
    [InlineData("users:x")]
    [InlineData("USER:x")]
    [InlineData("jti:1:x")]
    [InlineData("")]
    public void UserChanged_OtherPayloads_AreNotAUser(string payload)
    {
        CacheChannel.TryParseUserChanged(payload, out var userId).ShouldBeFalse();
        userId.ShouldBeEmpty();
    }

    [Fact]
    public void TokenRevoked_ParsesBackToTheTokenAndItsExpiry()
    {
        var expires = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

        CacheChannel.TokenRevoked("id:with:colons", expires).ShouldBe("jti:1800000000:id:with:colons");
        CacheChannel.TryParseTokenRevoked(CacheChannel.TokenRevoked("id:with:colons", expires), out var jti, out var expiresAt).ShouldBeTrue();

        jti.ShouldBe("id:with:colons");
        expiresAt.ShouldBe(expires);
    }

    [Fact]
    public void TokenRevoked_AtTheLastRepresentableSecond_Parses()
    {
        CacheChannel.TryParseTokenRevoked("jti:253402300799:x", out var jti, out var expiresAt).ShouldBeTrue();

        jti.ShouldBe("x");
        expiresAt.ShouldBe(DateTimeOffset.MaxValue.AddTicks(-(TimeSpan.TicksPerSecond - 1)));
    }

    [Theory]
    [InlineData("user:x")]
    [InlineData("JTI:1:x")]
    [InlineData("jti:")]
    [InlineData("jti:1")]
    [InlineData("jti::x")]
    [InlineData("jti:+1:x")]
    [InlineData("jti:-1:x")]
    [InlineData("jti: 1:x")]
    [InlineData("jti:1a:x")]
    [InlineData("jti:253402300800:x")]
    [InlineData("jti:99999999999999999999:x")]
    public void TokenRevoked_OtherPayloads_AreNotAToken(string payload)
    {
        CacheChannel.TryParseTokenRevoked(payload, out var jti, out var expiresAt).ShouldBeFalse();

        jti.ShouldBeEmpty();
        expiresAt.ShouldBe(default);
    }
}
