namespace Auther.Dev.Keys;

/// <summary>A signing key as the outside sees it (never the private part).</summary>
/// <param name="Kid">The 32-character key id.</param>
/// <param name="Algorithm">Its algorithm.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="RetiresAt">When it leaves the JWKS; <c>null</c> while it is the current key.</param>
/// <param name="PublicJwk">The JWK exactly as <c>/api/auth/jwks</c> publishes it.</param>
public sealed record KeyInfo(string Kid, KeyAlgorithm Algorithm, DateTimeOffset CreatedAt, DateTimeOffset? RetiresAt, string PublicJwk);
