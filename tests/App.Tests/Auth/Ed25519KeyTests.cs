using App.AutherKeys;
using Microsoft.IdentityModel.Tokens;

namespace App.Tests.Auth;

/// <summary>
/// The EdDSA key, its crypto provider and the verifier's bounds: Microsoft.IdentityModel hands the verifier
/// offsets into larger buffers, so a signature or input outside them must be refused, never read past.
/// </summary>
public sealed class Ed25519KeyTests
{
    // RFC 8032 section 7.1, TEST 2: public key, message 0x72, signature.
    private static readonly byte[] PublicKey = Convert.FromHexString("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
    private static readonly byte[] Signature = Convert.FromHexString(
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");

    [Fact]
    public void SignatureAndInput_AtOffsetsInsideLargerBuffers_Verify()
    {
        using var provider = Provider();

        provider.Verify([0xAA, 0x72, 0xBB], 1, 1, [0x00, .. Signature, 0x00], 1, 64).ShouldBeTrue();
        // The same bytes with the offsets one off do not.
        provider.Verify([0xAA, 0x72, 0xBB], 0, 1, [0x00, .. Signature, 0x00], 1, 64).ShouldBeFalse();
        provider.Verify([0xAA, 0x72, 0xBB], 1, 1, [0x00, .. Signature, 0x00], 0, 64).ShouldBeFalse();
    }

    [Fact]
    public void SignatureFillingItsBufferExactly_Verifies()
    {
        using var provider = Provider();

        provider.Verify([0x72], 0, 1, [0x00, .. Signature], 1, 64).ShouldBeTrue();
        provider.Verify([0xAA, 0x72], 1, 1, Signature, 0, 64).ShouldBeTrue();
    }

    [Theory]
    [InlineData(-1, 64, 0, 1)] // signature starts before its buffer
    [InlineData(2, 64, 0, 1)] // signature runs past its buffer's end
    [InlineData(1, 63, 0, 1)] // signature too short
    [InlineData(0, 65, 0, 1)] // signature too long
    [InlineData(1, 64, -1, 1)] // input starts before its buffer
    [InlineData(1, 64, 0, -1)] // negative input length
    [InlineData(1, 64, 1, 1)] // input runs past its buffer's end
    public void OutOfBounds_DoesNotVerify_WithoutThrowing(int signatureOffset, int signatureLength, int inputOffset, int inputLength)
    {
        using var provider = Provider();
        byte[] signature = [0x00, .. Signature];

        Should.NotThrow(() => provider.Verify([0x72], inputOffset, inputLength, signature, signatureOffset, signatureLength)).ShouldBeFalse();
    }

    [Fact]
    public void CryptoProvider_SupportsEdDsa_OnlyForAnEd25519Key()
    {
        var provider = new Ed25519CryptoProvider();
        var key = new Ed25519SecurityKey(PublicKey, "k");

        provider.IsSupportedAlgorithm("EdDSA", key).ShouldBeTrue();
        provider.IsSupportedAlgorithm("EdDSA").ShouldBeFalse();
        provider.IsSupportedAlgorithm("EdDSA", new SymmetricSecurityKey(new byte[32])).ShouldBeFalse();
        provider.IsSupportedAlgorithm("ES256", key).ShouldBeFalse();
        Should.Throw<NotSupportedException>(() => provider.Create("ES256", key));
        Should.Throw<NotSupportedException>(() => provider.Create("EdDSA", new SymmetricSecurityKey(new byte[32])));
    }

    [Fact]
    public void CryptoProvider_CreatesAVerifier_AndRefusesToCreateASigner()
    {
        var provider = new Ed25519CryptoProvider();
        var key = new Ed25519SecurityKey(PublicKey, "k");

        Should.Throw<NotSupportedException>(() => provider.Create("EdDSA", key, true));
        var verifier = provider.Create("EdDSA", key, false).ShouldBeOfType<Ed25519SignatureProvider>();
        verifier.Verify([0x72], Signature).ShouldBeTrue();
        Should.Throw<NotSupportedException>(() => verifier.Sign([0x72]));
        provider.Release(verifier);
        provider.Release(new object());
    }

    [Fact]
    public void CryptoProvider_AskedWithoutTheSigningFlag_CreatesAVerifier()
    {
        // The flag is optional in ICryptoProvider's params: its absence means "verify", not an error.
        var verifier = new Ed25519CryptoProvider().Create("EdDSA", new Ed25519SecurityKey(PublicKey, "k")).ShouldBeOfType<Ed25519SignatureProvider>();

        verifier.Verify([0x72], Signature).ShouldBeTrue();
    }

    [Fact]
    public void CryptoProvider_Release_DisposesWhatItIsGiven()
    {
        var instance = new DisposalSpy();

        new Ed25519CryptoProvider().Release(instance);

        instance.Disposed.ShouldBeTrue();
    }

    [Theory]
    [InlineData(31)]
    [InlineData(33)]
    public void Key_NotThirtyTwoBytes_IsRefused(int length) =>
        Should.Throw<ArgumentException>(() => new Ed25519SecurityKey(new byte[length], "k"));

    [Fact]
    public void Key_IsAPublic256BitKey()
    {
        var key = new Ed25519SecurityKey(PublicKey, "k");

        key.KeyId.ShouldBe("k");
        key.KeySize.ShouldBe(256);
        key.PrivateKeyStatus.ShouldBe(PrivateKeyStatus.DoesNotExist);
#pragma warning disable CS0618 // HasPrivateKey is obsolete, and still read by older callers.
        key.HasPrivateKey.ShouldBeFalse();
#pragma warning restore CS0618
    }

    private static Ed25519SignatureProvider Provider() => new(new Ed25519SecurityKey(PublicKey, "test"));

    private sealed class DisposalSpy : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
