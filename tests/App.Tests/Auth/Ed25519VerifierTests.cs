using System.Text;
using App.AutherKeys;
using Microsoft.IdentityModel.Tokens;

namespace App.Tests.Auth;

/// <summary>The EdDSA verifier plugged into Microsoft.IdentityModel, checked against the RFCs' own vectors.</summary>
public sealed class Ed25519VerifierTests
{
    // RFC 8032 section 7.1, TEST 1 / TEST 2 / TEST 3: public key, message, signature (hex).
    [Theory]
    [InlineData("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")]
    [InlineData("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00")]
    [InlineData("fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a")]
    public void Rfc8032Vectors_Verify(string publicKey, string message, string signature)
    {
        using var provider = Provider(Convert.FromHexString(publicKey));

        provider.Verify(Convert.FromHexString(message), Convert.FromHexString(signature)).ShouldBeTrue();
    }

    [Fact]
    public void Rfc8032Vector_WithOneBitFlipped_DoesNotVerify()
    {
        var signature = Convert.FromHexString(
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
        signature[10] ^= 0x01;
        using var provider = Provider(Convert.FromHexString("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"));

        provider.Verify([0x72], signature).ShouldBeFalse();
        provider.Verify([0x73], Convert.FromHexString(
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00")).ShouldBeFalse();
    }

    // RFC 8037 appendix A.4: an EdDSA JWS ("Example of Ed25519 signing") with the key of A.2 (x below).
    [Fact]
    public void Rfc8037JwsExample_VerifiesThroughTheCryptoProviderFactory()
    {
        const string jws = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc." +
                           "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";
        var key = new Ed25519SecurityKey(Base64UrlEncoder.DecodeBytes("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"), "a2");
        var parts = jws.Split('.');

        key.CryptoProviderFactory.IsSupportedAlgorithm("EdDSA", key).ShouldBeTrue();
        key.CryptoProviderFactory.IsSupportedAlgorithm("RS256", key).ShouldBeFalse();
        var provider = key.CryptoProviderFactory.CreateForVerifying(key, "EdDSA");
        try
        {
            provider.Verify(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64UrlEncoder.DecodeBytes(parts[2])).ShouldBeTrue();
            provider.Verify(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}x"), Base64UrlEncoder.DecodeBytes(parts[2])).ShouldBeFalse();
        }
        finally
        {
            key.CryptoProviderFactory.ReleaseSignatureProvider(provider);
        }
    }

    [Fact]
    public void Signing_IsRefused()
    {
        var key = new Ed25519SecurityKey(new byte[32], "k");

        Should.Throw<Exception>(() => key.CryptoProviderFactory.CreateForSigning(key, "EdDSA"));
    }

    [Fact]
    public void WrongLengthSignature_DoesNotVerify()
    {
        using var provider = Provider(Convert.FromHexString("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));

        provider.Verify([], new byte[63]).ShouldBeFalse();
    }

    [Fact]
    public void ValidSignature_WithBytesAfterIt_DoesNotVerify()
    {
        // RFC 8032 TEST 1: valid as it is; its first 64 bytes must not be enough once anything follows them.
        var signature = Convert.FromHexString(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        using var provider = Provider(Convert.FromHexString("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
        provider.Verify([], signature).ShouldBeTrue();

        provider.Verify([], [.. signature, 0x00]).ShouldBeFalse();
        provider.Verify([], 0, 0, [.. signature, .. signature], 0, 128).ShouldBeFalse();
    }

    private static Ed25519SignatureProvider Provider(byte[] publicKey) => new(new Ed25519SecurityKey(publicKey, "test"));
}
