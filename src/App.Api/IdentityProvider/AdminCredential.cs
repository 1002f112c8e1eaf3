namespace App.Api.IdentityProvider;

/// <summary>How one admin call authenticates: the service API key, or a session cookie (<c>name=value</c>).</summary>
/// <param name="Renewable">A refused cookie can be replaced by signing in again (SignIn mode).</param>
public sealed record AdminCredential(string? ApiKey, string? Cookie, bool Renewable);
