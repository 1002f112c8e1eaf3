using App.Tests.Infrastructure;
using Auther.Dev;
using Auther.Dev.Oidc;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;

namespace App.Tests.Sync;

/// <summary>
/// The API with the user poll on, every <see cref="Interval"/>, and the lookup of new users, against a local Auther in
/// deployed mode (which announces no other user's changes): what reaches the shadow rows here came through them.
/// <paramref name="overrides"/> are laid over these settings (e.g. the poll off, to see what the lookup alone does).
/// </summary>
public sealed class SyncFixture(params (string Key, string? Value)[] overrides) : ApiFixture(Variation(overrides))
{
    private static ApiVariation Variation((string Key, string? Value)[] overrides)
    {
        var variation = Deployed();
        foreach (var (key, value) in overrides)
        {
            variation.Settings[key] = value;
        }

        return variation;
    }

    private static ApiVariation Deployed() => new()
    {
        Auther = o =>
        {
            o.Mode = AutherMode.Deployed;
            o.Issuer = "https://jwt-issuer.example";
            o.OidcClients.Add(new OidcClientOptions { ClientId = WebClient });
            o.OidcClients.Add(new OidcClientOptions { ClientId = MobileClient });
        },
        // What a fresh install against deployed Auther sets: no issuers (Url plus the discovery issuer), the session
        // audience and the client ids, and the service admin's email and password (SignIn by default).
        Settings =
        {
            ["Sync:Enabled"] = "true",
            ["Auth:LookUpNewUsers"] = "true",
            ["Auther:Issuers:0"] = null,
            ["Auther:Audience"] = null,
            ["Auther:AdminApiKey"] = null,
            ["Auther:Audiences:0"] = Audience,
            ["Auther:Audiences:1"] = WebClient,
            ["Auther:Audiences:2"] = MobileClient,
            ["Auther:AdminEmail"] = AdminEmail,
            ["Auther:AdminPassword"] = AdminPassword,
            ["Sync:Interval"] = Interval.ToString(),
            ["Auther:Client:BreakDuration"] = "00:00:01",
        },
    };

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public const string ListUsers = "/api/auth/admin/list-users";
    public const string AdminEmail = "service-admin@example.com";
    public const string AdminPassword = "service-admin-password-0123";
    public const string WebClient = "web-client";
    public const string MobileClient = "mobile-client";

    /// <summary>Every event the API logs.</summary>
    public RecordingLogSink Log { get; } = new();

    /// <summary>The service admin the app signs in as (deployed Auther's admin routes refuse the API key).</summary>
    public string AdminId { get; private set; } = string.Empty;

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILogEventSink>(Log);

    protected override void BeforeInstances() =>
        AdminId = Auther.CreateUser(AdminEmail, "Service Admin", role: "admin", password: AdminPassword).Id;

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
}
