using App.Api.Auth;
using App.Api.Auth.Jwt;

namespace App.Tests.Auth;

/// <summary>
/// <see cref="TokenLifetime"/> at its edges, on a fixed clock (a request test cannot hit an instant): each limit
/// is allowed up to and including the clock skew, and refused one second past it.
/// </summary>
public sealed class TokenLifetimeCheckTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private static readonly AuthOptions Options = new() { ClockSkew = TimeSpan.FromSeconds(30), MaxTokenLifetime = TimeSpan.FromDays(2) };
    private static readonly TimeSpan Cap = Options.MaxTokenLifetime + Options.ClockSkew;

    [Fact]
    public void IssuedExactlyOneSkewAhead_IsAccepted_OneSecondMore_IsRefused()
    {
        Check(issued: Now + Options.ClockSkew, expires: Now + TimeSpan.FromHours(1)).ShouldBeNull();
        Check(issued: Now + Options.ClockSkew + TimeSpan.FromSeconds(1), expires: Now + TimeSpan.FromHours(1))
            .ShouldBe(TokenRejection.IssuedInFuture);
    }

    [Fact]
    public void LivingExactlyTheCapPlusTheSkew_IsAccepted_OneSecondMore_IsRefused()
    {
        var issued = Now - TimeSpan.FromHours(1);

        Check(issued, expires: issued + Cap).ShouldBeNull();
        Check(issued, expires: issued + Cap + TimeSpan.FromSeconds(1)).ShouldBe(TokenRejection.LifetimeTooLong);
    }

    [Fact]
    public void WithoutIat_WhatIsLeftMayBeTheCapPlusTheSkew_NotOneSecondMore()
    {
        Check(issued: null, expires: Now + Cap).ShouldBeNull();
        Check(issued: null, expires: Now + Cap + TimeSpan.FromSeconds(1)).ShouldBe(TokenRejection.LifetimeTooLong);
    }

    private static TokenRejection? Check(DateTimeOffset? issued, DateTimeOffset? expires) =>
        TokenLifetime.Check(new Principal { UserId = "u1", IssuedAt = issued, ExpiresAt = expires }, Now, Options);
}
