namespace App.Api.Auth.Jwks;

/// <summary>No signing keys could be had at all (Auther unreachable at a cold start): the token is not at fault.</summary>
public sealed class KeysUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
