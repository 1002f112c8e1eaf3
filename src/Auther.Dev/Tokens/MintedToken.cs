namespace Auther.Dev.Tokens;

internal sealed record MintedToken(string Token, string Kid, DateTimeOffset ExpiresAt);
