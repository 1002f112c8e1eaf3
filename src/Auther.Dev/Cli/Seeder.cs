using System.Text;
using Auther.Dev.Shared;
using Auther.Dev.Tokens;
using Auther.Dev.Users;

namespace Auther.Dev.Cli;

/// <summary>
/// <c>serve --seed</c>: an admin and a normal user, both with passwords (found again by email on the next start, so
/// their ids and the app's shadow rows stay put), each with a ready-to-paste token.
/// </summary>
internal static class Seeder
{
    public const string AdminEmail = "admin@example.com";
    public const string UserEmail = "user@example.com";
    private const decimal AdminApprovalLimit = 1000m;

    private static readonly Dictionary<string, string[]> AdminPermissions = new()
    {
        ["user"] = ["read", "deactivate", "reactivate"],
        ["audit"] = ["read"],
        ["token"] = ["revoke"],
        ["webhook"] = ["read", "replay"],
        ["expense"] = ["approve", "create"],
    };

    private static readonly Dictionary<string, string[]> AdminAbacRequired = new() { ["expense"] = ["approve"] };

    private static readonly Dictionary<string, string[]> UserPermissions = new()
    {
        ["notifications"] = ["read", "write"],
        ["expense"] = ["create"],
    };

    public static void PrintBanner(AutherDevServer server)
    {
        var key = server.CurrentKey;
        Console.WriteLine($"""

              Local Auther (test infrastructure, NOT a production IdP) on {server.BaseUrl}
              mode {server.Mode}, issuer {server.Issuer}, audience {server.Audience}, key {key.Algorithm} {key.Kid}
              discovery {server.MetadataAddress}
              dashboard {server.BaseUrl}
            """);
    }

    public static async Task SeedAsync(AutherDevServer server, TimeSpan lifetime, string? envFile, string? adminPassword = null, string? userPassword = null)
    {
        // Passwords let both sign in on the sign-in page, and the app sign the admin in itself (Auther:AdminAuth=SignIn).
        // Only hashes are kept, so they are set anew on each start (ending earlier sessions) unless given.
        var admin = FindOrCreate(server, AdminEmail, "Dev Admin", "admin");
        adminPassword ??= Ids.New(24);
        server.SetPassword(admin.Id, adminPassword);
        var user = FindOrCreate(server, UserEmail, "Dev User", "user");
        userPassword ??= Ids.New(24);
        server.SetPassword(user.Id, userPassword);
        server.Options.ExpenseApprovalLimits.TryAdd(admin.Id, AdminApprovalLimit);

        var adminToken = Mint(server, admin, AdminPermissions, AdminAbacRequired, lifetime);
        var userToken = Mint(server, user, UserPermissions, null, lifetime);
        // The same maps in the access tokens the sign-in page's code flow issues (documented mode).
        server.SetTokenPermissions(admin.Id, AdminPermissions, AdminAbacRequired);
        server.SetTokenPermissions(user.Id, UserPermissions);
        var appUrl = server.Options.AppUrl.TrimEnd('/');
        Console.WriteLine($"""
              Seeded users (tokens valid {lifetime.TotalHours:0.#} h; re-mint with the dashboard or `mint-token`):
                admin  {admin.Email}  id {admin.Id}  role admin (may approve expenses up to {AdminApprovalLimit}), password {adminPassword}
                user   {user.Email}  id {user.Id}  role user, password {userPassword}
              Sign-in page: {server.BaseUrl}sign-in (OAuth clients are sent there by /api/auth/oauth2/authorize)

              export ADMIN_TOKEN={adminToken}

              export USER_TOKEN={userToken}

              curl -H "Authorization: Bearer $ADMIN_TOKEN" {appUrl}/api/me

            """);

        if (envFile is not null)
        {
            var content = new StringBuilder()
                .AppendLine($"ADMIN_TOKEN={adminToken}")
                .AppendLine($"USER_TOKEN={userToken}")
                .AppendLine($"ADMIN_USER_ID={admin.Id}")
                .AppendLine($"ADMIN_EMAIL={admin.Email}")
                .AppendLine($"ADMIN_PASSWORD={adminPassword}")
                .AppendLine($"USER_USER_ID={user.Id}")
                .AppendLine($"USER_EMAIL={user.Email}")
                .AppendLine($"USER_PASSWORD={userPassword}");
            // Written whole (temp + rename): run.sh polls for this file and must never read half of it.
            var temp = envFile + ".tmp";
            await File.WriteAllTextAsync(temp, content.ToString());
            File.Move(temp, envFile, overwrite: true);
        }
    }

    private static UserAccount FindOrCreate(AutherDevServer server, string email, string name, string role) =>
        server.Users.FirstOrDefault(u => u.Email == email) ?? server.CreateUser(email, name, role: role);

    private static string Mint(AutherDevServer server, UserAccount user, Dictionary<string, string[]> permissions, Dictionary<string, string[]>? abacRequired, TimeSpan lifetime) =>
        server.MintToken(new TokenRequest
        {
            UserId = user.Id,
            Permissions = permissions,
            AbacRequired = abacRequired,
            Lifetime = lifetime,
        });
}
