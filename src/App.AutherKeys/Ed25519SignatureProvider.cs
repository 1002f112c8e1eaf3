using Microsoft.IdentityModel.Tokens;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace App.AutherKeys;

/// <summary>Verifies Ed25519 (RFC 8032) signatures. Verification only: this app never holds a private key.</summary>
public sealed class Ed25519SignatureProvider(Ed25519SecurityKey key) : SignatureProvider(key, Ed25519SecurityKey.Algorithm)
{
    private const int SignatureLength = 64;

    public override byte[] Sign(byte[] input) =>
        throw new NotSupportedException("This app only verifies EdDSA signatures; it never signs.");

    public override bool Verify(byte[] input, byte[] signature) =>
        Verify(input, 0, input.Length, signature, 0, signature.Length);

    public override bool Verify(byte[] input, int inputOffset, int inputLength, byte[] signature, int signatureOffset, int signatureLength)
    {
        if (signatureLength != SignatureLength || signatureOffset < 0 || signatureOffset + signatureLength > signature.Length ||
            inputOffset < 0 || inputLength < 0 || inputOffset + inputLength > input.Length)
        {
            return false;
        }

        return Ed25519.Verify(signature, signatureOffset, key.PublicKey, 0, input, inputOffset, inputLength);
    }

    protected override void Dispose(bool disposing)
    {
    }
}
