using Microsoft.IdentityModel.Tokens;

namespace App.AutherKeys;

/// <summary>
/// An Ed25519 public key (JWK kty OKP, crv Ed25519), as deployed Auther signs with. Microsoft.IdentityModel
/// has no EdDSA support, so the key carries its own crypto provider factory that verifies with BouncyCastle.
/// </summary>
public sealed class Ed25519SecurityKey : AsymmetricSecurityKey
{
    public const string Algorithm = "EdDSA";
    private static readonly CryptoProviderFactory Factory = new() { CustomCryptoProvider = new Ed25519CryptoProvider() };

    public Ed25519SecurityKey(byte[] publicKey, string keyId)
    {
        if (publicKey.Length != 32)
        {
            throw new ArgumentException("An Ed25519 public key is 32 bytes.", nameof(publicKey));
        }

        PublicKey = publicKey;
        KeyId = keyId;
        CryptoProviderFactory = Factory;
    }

    public byte[] PublicKey { get; }

    public override int KeySize => 256;

    [Obsolete("HasPrivateKey is obsolete in the base class; use PrivateKeyStatus.")]
    public override bool HasPrivateKey => false;

    public override PrivateKeyStatus PrivateKeyStatus => PrivateKeyStatus.DoesNotExist;
}
