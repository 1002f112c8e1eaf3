namespace Auther.Dev.Keys;

/// <summary>A signing key with its private material, as kept in the state file.</summary>
/// <param name="Kid">32-character key id.</param>
/// <param name="Algorithm">Its algorithm.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="PrivateKey">Base64: the 32-byte Ed25519 seed, or PKCS#8 for RSA and EC.</param>
/// <param name="RetiresAt">Leaves the JWKS at this time; <c>null</c> while current.</param>
/// <param name="Removed">Unpublished at once (a test's "key that disappears"); still usable to sign by kid.</param>
internal sealed record StoredKey(
    string Kid,
    KeyAlgorithm Algorithm,
    DateTimeOffset CreatedAt,
    string PrivateKey,
    DateTimeOffset? RetiresAt = null,
    bool Removed = false);
