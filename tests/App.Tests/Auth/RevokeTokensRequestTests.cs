using App.Tests.Errors;
using App.Api.Features.Tokens;

namespace App.Tests.Auth;

/// <summary>What a revocation request must say, checked at each limit: one token or one user, names that fit, times that make sense.</summary>
public sealed class RevokeTokensRequestTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void OneToken_OrOneUser_IsValid()
    {
        new RevokeTokensRequest("jti-1", null, null, null).ValidationErrors(Now).ShouldBeEmpty();
        new RevokeTokensRequest("jti-1", null, null, Now.AddMinutes(5)).ValidationErrors(Now).ShouldBeEmpty();
        new RevokeTokensRequest(null, "user-1", null, null).ValidationErrors(Now).ShouldBeEmpty();
        new RevokeTokensRequest(null, "user-1", Now.AddMinutes(-5), null).ValidationErrors(Now).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(" ", "")]
    [InlineData("  ", null)]
    [InlineData(null, " ")]
    public void NeitherTokenNorUser_IsRefused(string? jti, string? userId) =>
        new RevokeTokensRequest(jti, userId, null, null).ValidationErrors(Now).Keys.ShouldBe(["request"]);

    [Theory]
    [InlineData("  ", "user-1")]
    [InlineData("jti-1", " ")]
    public void ABlankValue_BesideTheOther_IsRefused_RatherThanActedOn(string jti, string userId) =>
        new RevokeTokensRequest(jti, userId, null, null).ValidationErrors(Now).Keys.ShouldBe(["request"]);

    [Fact]
    public void EachRefusal_SaysWhatToSend()
    {
        new RevokeTokensRequest(null, null, null, null).ValidationErrors(Now)["request"]
            .ShouldBe(["Give either 'jti' (one token) or 'userId' with an optional 'issuedBefore' (all of a user's tokens)."]);
        new RevokeTokensRequest(null, "user-1", Now.AddHours(1), null).ValidationErrors(Now)["issuedBefore"].ShouldBe(["Must not be in the future."]);
        new RevokeTokensRequest("jti-1", null, null, Now).ValidationErrors(Now)["expiresAt"].ShouldBe(["An already expired token needs no revocation."]);
    }

    [Fact]
    public void ATokenAndAUser_IsRefused() =>
        new RevokeTokensRequest("jti-1", "user-1", null, null).ValidationErrors(Now).Keys.ShouldBe(["request"]);

    [Fact]
    public void ATokenWithIssuedBefore_IsRefused() =>
        new RevokeTokensRequest("jti-1", null, Now, null).ValidationErrors(Now).Keys.ShouldBe(["request"]);

    [Fact]
    public void Jti_OfAtMost255Characters_IsAccepted()
    {
        new RevokeTokensRequest(new string('j', 255), null, null, null).ValidationErrors(Now).ShouldBeEmpty();
        new RevokeTokensRequest(new string('j', 256), null, null, null).ValidationErrors(Now).Keys.ShouldBe(["jti"]);
    }

    [Fact]
    public void UserId_OfAtMost255Characters_IsAccepted()
    {
        new RevokeTokensRequest(null, new string('u', 255), null, null).ValidationErrors(Now).ShouldBeEmpty();
        new RevokeTokensRequest(null, new string('u', 256), null, null).ValidationErrors(Now).Keys.ShouldBe(["userId"]);
    }

    [Fact]
    public void IssuedBefore_UpToAMinuteAhead_IsAccepted_ForClockSkew()
    {
        new RevokeTokensRequest(null, "user-1", Now.AddMinutes(1), null).ValidationErrors(Now).ShouldBeEmpty();
        new RevokeTokensRequest(null, "user-1", Now.AddMinutes(1).AddTicks(1), null).ValidationErrors(Now).Keys.ShouldBe(["issuedBefore"]);
    }

    [Fact]
    public void ExpiresAt_MustBeAfterNow()
    {
        new RevokeTokensRequest("jti-1", null, null, Now.AddTicks(1)).ValidationErrors(Now).ShouldBeEmpty();
        new RevokeTokensRequest("jti-1", null, null, Now).ValidationErrors(Now).Keys.ShouldBe(["expiresAt"]);
        new RevokeTokensRequest("jti-1", null, null, Now.AddDays(-1)).ValidationErrors(Now).Keys.ShouldBe(["expiresAt"]);
    }
}
