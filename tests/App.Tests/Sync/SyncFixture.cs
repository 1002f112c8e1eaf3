using App.Tests.Infrastructure;
using Auther.Dev;

namespace App.Tests.Sync;

/// <summary>
/// The API with the user poll on, every <see cref="Interval"/>, against a local Auther in deployed mode (which
/// announces no other user's changes): what reaches the shadow rows here came through the poll.
/// </summary>
public sealed class SyncFixture : ApiFixture
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public const string ListUsers = "/api/auth/admin/list-users";

    /// <summary>A user in Auther who has used the app once (so has a shadow row), with a live token.</summary>
    public async Task<(string UserId, string Token)> SignedInUserAsync(string role = "user")
    {
        var userId = TestData.NewUserId();
        Auther.CreateUser($"{userId}@example.com", $"User {userId}", userId, role);
        var token = TokenFor(userId, r => r with { Role = role });
        using var me = await ClientWith(token).GetAsync("/api/me");
        me.EnsureSuccessStatusCode();
        return (userId, token);
    }

    protected override void ConfigureAuther(AutherDevOptions options) => options.Mode = AutherMode.Deployed;

    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Sync:Enabled"] = "true";
        settings["Sync:Interval"] = Interval.ToString();
        settings["Auther:Client:BreakDuration"] = "00:00:01";
        return settings;
    }
}
