using System.Security.Cryptography;

namespace Auther.Dev.Shared;

/// <summary>Identifier formats Auther uses.</summary>
internal static class Ids
{
    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>better-auth's id: 32 alphanumerics (user ids, key ids, session ids).</summary>
    public static string New(int length = 32) => RandomNumberGenerator.GetString(Alphanumeric, length);

    /// <summary>The oidc plugin's opaque tokens, client ids and secrets: 32 letters (<c>a-z</c>, <c>A-Z</c>).</summary>
    public static string Letters(int length = 32) => RandomNumberGenerator.GetString(Alphanumeric.AsSpan(0, 52), length);

    /// <summary>Event ids: <c>evt_</c> + 32 lowercase hex.</summary>
    public static string NewEventId() => "evt_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
