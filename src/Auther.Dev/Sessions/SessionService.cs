using System.Security.Cryptography;
using System.Text;
using Auther.Dev.Hosting;
using Auther.Dev.Json;
using Auther.Dev.Shared;
using Auther.Dev.State;
using Auther.Dev.Users;
using Auther.Dev.Webhooks;

namespace Auther.Dev.Sessions;

/// <summary>
/// better-auth's sessions: made at sign-in (announced by <c>session.created</c>, and in documented mode by
/// <c>security.new_device_login</c> for a device not seen before), extended on every use, ended by sign-out,
/// password change, ban or removal, or by lying unused for <see cref="AutherDevOptions.SessionLifetime"/>.
/// </summary>
internal sealed class SessionService(StateStore state, EventPublisher events, ServerInfo server, AutherDevOptions options, TimeProvider time)
{
    public (StoredSession Session, bool NewDevice) Start(UserAccount user, string userAgent, string ipAddress)
    {
        var now = Now();
        if (user.Banned && (user.BanExpires is null || user.BanExpires > now))
        {
            throw new AutherDevException(403, "BANNED_USER", "You have been banned from this application");
        }

        var session = new StoredSession(Ids.New(), Ids.New(), user.Id, now + options.SessionLifetime, now, now, ipAddress, userAgent);
        var newDevice = state.Change(d =>
        {
            d.Sessions.Add(session);
            var device = DeviceHash(userAgent, ipAddress);
            var known = d.KnownDevices.TryGetValue(user.Id, out var list) ? list : d.KnownDevices[user.Id] = [];
            var isNew = !known.Contains(device);
            if (isNew)
            {
                known.Add(device);
            }

            events.Publish("session.created", new Dictionary<string, object?>
            {
                ["id"] = session.Id,
                ["userId"] = user.Id,
                ["expiresAt"] = AutherJson.Iso(session.ExpiresAt),
                ["ipAddress"] = ipAddress,
                ["userAgent"] = userAgent,
            });
            if (isNew && server.Mode == AutherMode.Documented)
            {
                events.Publish("security.new_device_login", new Dictionary<string, object?>
                {
                    ["userId"] = user.Id,
                    ["ipAddress"] = ipAddress,
                    ["userAgent"] = userAgent,
                    ["platform"] = Platform(userAgent),
                });
            }

            return isNew;
        });
        return (session, newDevice);
    }

    /// <summary>The live session with this raw token and its user, its expiry pushed forward; <c>null</c> when unknown or expired.</summary>
    public (StoredSession Session, UserAccount User)? Use(string token) => state.Change<(StoredSession, UserAccount)?>(d =>
    {
        var index = d.Sessions.FindIndex(s => s.Token == token);
        if (index < 0)
        {
            return null;
        }

        var now = Now();
        var session = d.Sessions[index];
        var user = d.Users.FirstOrDefault(u => u.Id == session.UserId);
        if (session.ExpiresAt <= now || user is null)
        {
            d.Sessions.RemoveAt(index);
            return null;
        }

        d.Sessions[index] = session = session with { ExpiresAt = now + options.SessionLifetime, UpdatedAt = now };
        return (session, user);
    });

    public bool End(string token) => state.Change(d => d.Sessions.RemoveAll(s => s.Token == token) > 0);

    public IReadOnlyList<StoredSession> For(string userId) => state.Read(d => d.Sessions.Where(s => s.UserId == userId).ToList());

    public AutherSession ToPublic(StoredSession session) =>
        new(session.Token, SessionCookie.Sign(session.Token, options.Secret), session.UserId, session.ExpiresAt);

    private DateTimeOffset Now() => AutherJson.ToMilliseconds(time.GetUtcNow());

    private static string DeviceHash(string userAgent, string ipAddress) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{userAgent}\n{ipAddress}")));

    private static string Platform(string userAgent) => userAgent switch
    {
        _ when userAgent.Contains("iPhone", StringComparison.OrdinalIgnoreCase) || userAgent.Contains("iPad", StringComparison.OrdinalIgnoreCase) => "ios",
        _ when userAgent.Contains("Android", StringComparison.OrdinalIgnoreCase) => "android",
        _ => "web",
    };
}
