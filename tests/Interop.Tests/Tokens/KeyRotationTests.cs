using System.Net;
using Interop.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Interop.Tests.Tokens;

/// <summary>
/// Auther's key rotation as its job does it (a new newest key; later the old one pruned), with tokens
/// better-auth really signs: the app takes a new kid on first use and drops a pruned key once it refreshes.
/// </summary>
public sealed class KeyRotationTests(InteropFixture fixture) : IClassFixture<InteropFixture>
{
    private const string JwksPath = "/api/auth/jwks";

    [Fact]
    public async Task NewKey_IsAcceptedOnFirstUse_AndAPrunedKeyIsRefusedAfterTheNextRefresh()
    {
        var user = await fixture.NewUserAsync("rotation");
        var oldToken = await fixture.BetterAuth.SessionJwtAsync(user.Cookie);
        var oldKid = new JsonWebToken(oldToken).Kid;
        (await StatusAsync(oldToken)).ShouldBe(HttpStatusCode.OK);

        var newKid = await fixture.BetterAuth.RotateKeyAsync();
        var newToken = await fixture.BetterAuth.SessionJwtAsync(user.Cookie);
        new JsonWebToken(newToken).Kid.ShouldBe(newKid);
        var fetchesBefore = await fixture.BetterAuth.RequestCountAsync(JwksPath);
        (await StatusAsync(newToken)).ShouldBe(HttpStatusCode.OK);
        (await fixture.BetterAuth.RequestCountAsync(JwksPath)).ShouldBe(fetchesBefore + 1);

        // The next rotation prunes the first key; the app learns it when the third key's first token makes it
        // refresh (past the one-second unknown-kid throttle this fixture sets).
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        await fixture.BetterAuth.RemoveKeyAsync(oldKid);
        var thirdKid = await fixture.BetterAuth.RotateKeyAsync();
        var thirdToken = await fixture.BetterAuth.SessionJwtAsync(user.Cookie);
        new JsonWebToken(thirdToken).Kid.ShouldBe(thirdKid);
        (await StatusAsync(thirdToken)).ShouldBe(HttpStatusCode.OK);

        var refused = await AppAnswer.MeAsync(fixture, oldToken);
        refused.Status.ShouldBe(HttpStatusCode.Unauthorized, refused.Body);
        refused.Code.ShouldBe("unknown_kid");
        (await StatusAsync(newToken)).ShouldBe(HttpStatusCode.OK);
    }

    private async Task<HttpStatusCode> StatusAsync(string token) => (await AppAnswer.MeAsync(fixture, token)).Status;
}
