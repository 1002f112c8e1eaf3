namespace App.Data.Users;

/// <summary>
/// A device a user has signed in from, so a sign-in announced by several events (or again later) raises
/// the "new device" notification once. The device is a hash of user agent + IP network, never the raw values.
/// </summary>
public sealed class KnownDevice
{
    public required string UserId { get; set; }

    /// <summary>SHA-256 hex of the user agent and the IP network (/24 for IPv4, /64 for IPv6).</summary>
    public required string DeviceHash { get; set; }
    public DateTimeOffset FirstSeenAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
}
