using System.Security.Cryptography;
using System.Text;
using Auther.Dev.Hosting;
using Auther.Dev.Json;
using Auther.Dev.Shared;
using Auther.Dev.State;
using Auther.Dev.Tokens;
using Auther.Dev.Users;
using Auther.Dev.Webhooks;

namespace Auther.Dev.Sessions;

/// <summary>
/// A dev sign-in: what happens in Auther when a user logs in, without the login page. Emits
/// <c>session.created</c> every time and, for a device not seen before, <c>security.new_device_login</c>.
/// </summary>
internal sealed class SignInService(
    StateStore state, UserService users, TokenMinter tokens, EventPublisher events, ServerInfo server, TimeProvider time)
{
    private static readonly TimeSpan SessionLifetime = TimeSpan.FromDays(7);

    public SignInResult SignIn(string userId, string userAgent, string ipAddress)
    {
        var now = AutherJson.ToMilliseconds(time.GetUtcNow());
        var user = users.Find(userId) ?? throw UserService.NotFound();
        if (user.Banned && (user.BanExpires is null || user.BanExpires > now))
        {
            throw new AutherDevException(403, "BANNED_USER", "You have been banned from this application");
        }

        var sessionId = Ids.New();
        var expiresAt = now + SessionLifetime;
        var newDevice = state.Change(d =>
        {
            var device = DeviceHash(userAgent, ipAddress);
            var known = d.KnownDevices.TryGetValue(userId, out var list) ? list : d.KnownDevices[userId] = [];
            var isNew = !known.Contains(device);
            if (isNew)
            {
                known.Add(device);
            }

            events.Publish("session.created", new Dictionary<string, object?>
            {
                ["id"] = sessionId,
                ["userId"] = userId,
                ["expiresAt"] = AutherJson.Iso(expiresAt),
                ["ipAddress"] = ipAddress,
                ["userAgent"] = userAgent,
            });
            if (isNew && server.Mode == AutherMode.Documented)
            {
                events.Publish("security.new_device_login", new Dictionary<string, object?>
                {
                    ["userId"] = userId,
                    ["ipAddress"] = ipAddress,
                    ["userAgent"] = userAgent,
                    ["platform"] = Platform(userAgent),
                });
            }

            return isNew;
        });

        var token = tokens.Mint(new TokenRequest { UserId = userId }).Token;
        return new SignInResult(sessionId, userId, expiresAt, newDevice, token);
    }

    private static string DeviceHash(string userAgent, string ipAddress) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{userAgent}\n{ipAddress}")));

    private static string Platform(string userAgent) => userAgent switch
    {
        _ when userAgent.Contains("iPhone", StringComparison.OrdinalIgnoreCase) || userAgent.Contains("iPad", StringComparison.OrdinalIgnoreCase) => "ios",
        _ when userAgent.Contains("Android", StringComparison.OrdinalIgnoreCase) => "android",
        _ => "web",
    };
}
