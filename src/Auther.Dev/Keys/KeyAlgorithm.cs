namespace Auther.Dev.Keys;

/// <summary>Signing algorithms Auther may publish. EdDSA (Ed25519) is what deployed Auther uses.</summary>
public enum KeyAlgorithm
{
    /// <summary>Ed25519, published as <c>kty: OKP</c>.</summary>
    EdDSA,

    /// <summary>RSA 2048 with SHA-256.</summary>
    RS256,

    /// <summary>ECDSA P-256 with SHA-256.</summary>
    ES256,
}
