using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using App.Api.Auth;
using App.Api.Database;
using App.Api.IdentityProvider;
using App.Api.ShadowUsers;
using App.Data;
using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace App.Tests.ShadowUsers;

/// <summary>
/// The one precedence rule (<see cref="Precedence"/>), once, for every pair of the five sources that state a user's
/// role or ban: Auther's webhook, the poll, reconciliation, a token's claims, an administrator's (de)activation here.
/// Each pair is applied to a real row in PostgreSQL through the store, in time order and with the older statement
/// arriving late; then the row is read back and two tokens of the user, issued just before and just after the newer
/// statement and claiming another role, ask the API who they are.
/// The statement made first in time bans (reason: its source) and the later one lifts the ban; each states its own
/// role (<c>role-webhook</c>...). Tokens say nothing of bans and admin actions nothing of roles; an admin action is
/// made when it is applied, so it never arrives late.
/// </summary>
public sealed class PrecedenceTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Claimed = "role-claim";
    private static readonly DateTimeOffset T2 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 120);
    private static readonly DateTimeOffset T1 = T2.AddSeconds(-10);
    private static readonly DateTimeOffset T0 = T1.AddSeconds(-10);
    private static readonly DateTimeOffset Late = T2.AddSeconds(10);
    private static readonly IOptions<DatabaseOptions> Database = Options.Create(new DatabaseOptions());

    [Theory]
    [InlineData("webhook", "poll", "role-poll", null, "role-poll")]
    [InlineData("webhook", "reconcile", "role-reconcile", null, "role-reconcile")]
    [InlineData("webhook", "token", "role-token", "webhook", null)]
    [InlineData("webhook", "admin", "role-webhook", null, Claimed)]
    [InlineData("poll", "webhook", "role-webhook", null, "role-webhook")]
    [InlineData("poll", "reconcile", "role-reconcile", null, "role-reconcile")]
    [InlineData("poll", "token", "role-token", "poll", null)]
    [InlineData("poll", "admin", "role-poll", null, Claimed)]
    [InlineData("reconcile", "webhook", "role-webhook", null, "role-webhook")]
    [InlineData("reconcile", "poll", "role-poll", null, "role-poll")]
    [InlineData("reconcile", "token", "role-token", "reconcile", null)]
    [InlineData("reconcile", "admin", "role-reconcile", null, Claimed)]
    [InlineData("token", "webhook", "role-webhook", null, "role-webhook")]
    [InlineData("token", "poll", "role-poll", null, "role-poll")]
    [InlineData("token", "reconcile", "role-reconcile", null, "role-reconcile")]
    [InlineData("token", "admin", "role-token", null, Claimed)]
    [InlineData("admin", "webhook", "role-webhook", null, "role-webhook")]
    [InlineData("admin", "poll", "role-poll", null, "role-poll")]
    [InlineData("admin", "reconcile", "role-reconcile", null, "role-reconcile")]
    [InlineData("admin", "token", "role-token", "admin", null)]
    public async Task InTimeOrder_TheLaterStatementWins_AndAnOlderTokenActsWithItsRole(
        string first, string second, string role, string? bannedBy, string? olderTokensRole)
    {
        var userId = await ProvisionedUserAsync();

        await StateAsync(first, userId, at: T1, appliedAt: T1);
        await StateAsync(second, userId, at: T2, appliedAt: T2);

        await AssertAsync(userId, role, bannedBy, olderTokensRole);
    }

    /// <summary>
    /// The older statement arrives after the newer one and changes nothing the newer one decided. Auther's state is
    /// ordered as a whole: after an admin's reactivation even the role of an older statement is stale (the next
    /// poll reads Auther's current state). A token's role has its own time, so Auther's older state still brings
    /// its ban onto a row whose role a newer token set.
    /// </summary>
    [Theory]
    [InlineData("webhook", "poll", "role-webhook", null, "role-webhook")]
    [InlineData("webhook", "reconcile", "role-webhook", null, "role-webhook")]
    [InlineData("webhook", "token", "role-webhook", null, "role-webhook")]
    [InlineData("poll", "webhook", "role-poll", null, "role-poll")]
    [InlineData("poll", "reconcile", "role-poll", null, "role-poll")]
    [InlineData("poll", "token", "role-poll", null, "role-poll")]
    [InlineData("reconcile", "webhook", "role-reconcile", null, "role-reconcile")]
    [InlineData("reconcile", "poll", "role-reconcile", null, "role-reconcile")]
    [InlineData("reconcile", "token", "role-reconcile", null, "role-reconcile")]
    [InlineData("token", "webhook", "role-token", "webhook", null)]
    [InlineData("token", "poll", "role-token", "poll", null)]
    [InlineData("token", "reconcile", "role-token", "reconcile", null)]
    [InlineData("admin", "webhook", ShadowUserStore.DefaultRole, null, Claimed)]
    [InlineData("admin", "poll", ShadowUserStore.DefaultRole, null, Claimed)]
    [InlineData("admin", "reconcile", ShadowUserStore.DefaultRole, null, Claimed)]
    [InlineData("admin", "token", ShadowUserStore.DefaultRole, null, Claimed)]
    public async Task ArrivingLate_TheOlderStatementLosesToTheNewer(
        string newer, string older, string role, string? bannedBy, string? olderTokensRole)
    {
        var userId = await ProvisionedUserAsync();

        await StateAsync(newer, userId, at: T2, appliedAt: T2);
        await StateAsync(older, userId, at: T1, appliedAt: Late);

        await AssertAsync(userId, role, bannedBy, olderTokensRole);
    }

    /// <summary>
    /// A role-less token (a deployed id_token) acts with the row's role, but states none: its profile reaching the
    /// row must not date the row's default role, or an older token's real role would stop counting.
    /// </summary>
    [Fact]
    public async Task ARolelessToken_StatesNoRole_SoAnOlderTokensRoleStillCounts()
    {
        var userId = await ProvisionedUserAsync();
        var now = DateTimeOffset.UtcNow;
        using (var idToken = api.ClientWith(api.TokenFor(userId, r => r with { Name = "Renamed", IssuedAt = now.AddSeconds(-10) })))
        {
            (await idToken.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var row = await Eventually.ReturnsAsync(() => api.QueryAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == userId)),
            u => u.Name == "Renamed");
        (row.Role, row.RoleSetAt).ShouldBe((ShadowUserStore.DefaultRole, (DateTimeOffset?)null));
        (await MeAsync(userId, now.AddSeconds(-20))).ShouldBe((HttpStatusCode.OK, Claimed));
    }

    /// <summary>The row as a role-less token (a deployed id_token) created it: Auther's default role, stated by nobody.</summary>
    private async Task<string> ProvisionedUserAsync()
    {
        var userId = TestData.NewUserId();
        await using var db = api.CreateDbContext();
        (await new ShadowUserStore(db, Database, new TestClock(T0), NullLogger<ShadowUserStore>.Instance).ProvisionAsync(Token(userId, role: null, T0), CancellationToken.None)).ShouldBeTrue();
        return userId;
    }

    /// <summary>What <paramref name="source"/> says at <paramref name="at"/>: the statement made earlier bans, the later lifts the ban.</summary>
    private async Task StateAsync(string source, string userId, DateTimeOffset at, DateTimeOffset appliedAt)
    {
        var bans = at == T1;
        var role = "role-" + source;
        await using var db = api.CreateDbContext();
        var store = new ShadowUserStore(db, Database, new TestClock(appliedAt), NullLogger<ShadowUserStore>.Instance);
        switch (source)
        {
            case "webhook":
                await using (var transaction = await db.Database.BeginTransactionAsync())
                {
                    await store.ApplyEventAsync(new UserEvent(userId, at, Created: false, new Dictionary<UserField, object?>
                    {
                        [UserField.Role] = role,
                        [UserField.Banned] = bans,
                        [UserField.BanReason] = bans ? source : null,
                    }, CreatedAt: null, UpdatedAt: null), CancellationToken.None);
                    await transaction.CommitAsync();
                }

                break;
            case "poll":
                await store.ApplyListedAsync([Listed(userId, role, bans, source, at)], CancellationToken.None);
                break;
            case "reconcile":
                await store.ApplyReconciledAsync(Listed(userId, role, bans, source, at), listedFrom: at, CancellationToken.None);
                break;
            case "token":
                await store.ApplyTokenAsync(Token(userId, role, at), seenAt: appliedAt, CancellationToken.None);
                break;
            case "admin":
                at.ShouldBe(appliedAt, "an admin action is made when it is applied");
                var answer = Listed(userId, role: null, bans, source, at);
                await (bans ? store.MarkDeactivatedAsync(answer, source, null, CancellationToken.None) : store.MarkReactivatedAsync(answer, CancellationToken.None));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(source), source, "not a source");
        }
    }

    private async Task AssertAsync(string userId, string role, string? bannedBy, string? olderTokensRole)
    {
        await using (var db = api.CreateDbContext())
        {
            var row = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId);
            (row.Role, row.Banned, row.BanReason).ShouldBe((role, bannedBy is not null, bannedBy));
        }

        // Issued just before and just after the newer statement, both claiming another role.
        var before = await MeAsync(userId, T2.AddSeconds(-1));
        var after = await MeAsync(userId, T2.AddSeconds(1));
        if (bannedBy is not null)
        {
            // A ban always comes from the row, whenever the token was issued.
            (before.Status, after.Status).ShouldBe((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden));
            return;
        }

        (before.Status, after.Status).ShouldBe((HttpStatusCode.OK, HttpStatusCode.OK));
        (before.Roles, after.Roles).ShouldBe((olderTokensRole, Claimed));
    }

    private async Task<(HttpStatusCode Status, string? Roles)> MeAsync(string userId, DateTimeOffset issuedAt)
    {
        using var client = api.ClientWith(api.TokenFor(userId, r => r with { Role = Claimed, IssuedAt = issuedAt }));
        using var response = await client.GetAsync("/api/me");
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (response.StatusCode, null);
        }

        var me = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (response.StatusCode, string.Join(',', me.GetProperty("principal").GetProperty("roles").EnumerateArray().Select(r => r.GetString())));
    }

    private static Principal Token(string userId, string? role, DateTimeOffset issuedAt) => new()
    {
        UserId = userId, Email = $"{userId}@example.com", Name = $"User {userId}", EmailVerified = true,
        Roles = role is null ? [] : [role], Method = AuthMethod.Jwt, IssuedAt = issuedAt,
    };

    private static AutherUser Listed(string userId, string? role, bool banned, string source, DateTimeOffset changedAt) =>
        new(userId, $"{userId}@example.com", $"User {userId}", null, true, role, banned, banned ? source : null, null, T0, changedAt);
}
