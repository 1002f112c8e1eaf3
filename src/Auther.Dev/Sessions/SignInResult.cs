namespace Auther.Dev.Sessions;

/// <summary>The outcome of a dev sign-in: the session made, whether the device was new, and an access token for it.</summary>
public sealed record SignInResult(string SessionId, string UserId, DateTimeOffset ExpiresAt, bool NewDevice, string Token);
