using System.Security.Cryptography;

namespace Auther.Dev.Shared;

/// <summary>Identifier formats Auther uses.</summary>
internal static class Ids
{
    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>better-auth's id: 32 alphanumerics (user ids, key ids, session ids).</summary>
    public static string New(int length = 32) => RandomNumberGenerator.GetString(Alphanumeric, length);

    /// <summary>Event ids: <c>evt_</c> + 32 lowercase hex.</summary>
    public static string NewEventId() => "evt_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
