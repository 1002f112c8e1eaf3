using System.Security.Cryptography;
using App.AutherKeys;
using Microsoft.IdentityModel.Tokens;

namespace App.Tests.Auth;

/// <summary>
/// Which published JWKs become verification keys: exactly Ed25519, RSA of 2048 bits or more and P-256, each
/// for its one algorithm; anything else is skipped rather than trusted or thrown.
/// </summary>
public sealed class JwkConverterTests
{
    // RFC 8032 section 7.1, TEST 1 public key.
    private const string Ed25519X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sig")]
    public void Ed25519Key_ForSigningOrUnstatedUse_BecomesAnEdDsaKey(string? use)
    {
        var key = JwkConverter.Convert(Okp(use: use)).ShouldNotBeNull();

        key.Algorithm.ShouldBe("EdDSA");
        var ed = key.Key.ShouldBeOfType<Ed25519SecurityKey>();
        ed.KeyId.ShouldBe("k1");
        ed.PublicKey.ShouldBe(Base64UrlEncoder.DecodeBytes(Ed25519X));
    }

    [Fact]
    public void Ed25519Key_WithItsAlgorithmStated_IsAccepted() =>
        JwkConverter.Convert(Okp(alg: "EdDSA")).ShouldNotBeNull().Algorithm.ShouldBe("EdDSA");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void KeyWithoutKid_IsSkipped(string? kid) => JwkConverter.Convert(Okp(kid: kid)).ShouldBeNull();

    [Fact]
    public void EncryptionKey_IsSkipped() => JwkConverter.Convert(Okp(use: "enc")).ShouldBeNull();

    [Theory]
    [InlineData("Ed448")]
    [InlineData("X25519")]
    public void OkpKeyOnAnotherCurve_IsSkipped(string crv) => JwkConverter.Convert(Okp(crv: crv)).ShouldBeNull();

    [Theory]
    [InlineData("RS256")]
    [InlineData("ES256")]
    public void Ed25519Key_StatingAnotherAlgorithm_IsSkipped(string alg) => JwkConverter.Convert(Okp(alg: alg)).ShouldBeNull();

    [Fact]
    public void Ed25519Key_OfTheWrongLength_IsSkipped() =>
        JwkConverter.Convert(Okp(x: Base64UrlEncoder.Encode(new byte[31]))).ShouldBeNull();

    [Fact]
    public void Ed25519Key_NotBase64Url_IsSkipped() => JwkConverter.Convert(Okp(x: "not base64url!")).ShouldBeNull();

    [Theory]
    [InlineData(2048)]
    [InlineData(3072)]
    public void RsaKey_OfAtLeast2048Bits_BecomesAnRs256Key(int bits)
    {
        using var rsa = RSA.Create(bits);
        var key = JwkConverter.Convert(Rsa(rsa.ExportParameters(false))).ShouldNotBeNull();

        key.Algorithm.ShouldBe("RS256");
        var converted = key.Key.ShouldBeOfType<RsaSecurityKey>();
        converted.KeyId.ShouldBe("k1");
        converted.Parameters.Modulus.ShouldBe(rsa.ExportParameters(false).Modulus);
        converted.Parameters.Exponent.ShouldBe(rsa.ExportParameters(false).Exponent);
    }

    [Fact]
    public void RsaKey_ShorterThan2048Bits_IsSkipped()
    {
        using var rsa = RSA.Create(1024);
        JwkConverter.Convert(Rsa(rsa.ExportParameters(false))).ShouldBeNull();

        // One byte short of 2048 bits.
        var parameters = rsa.ExportParameters(false);
        JwkConverter.Convert(Rsa(parameters with { Modulus = new byte[255].Select(_ => (byte)0xff).ToArray() })).ShouldBeNull();
    }

    [Theory]
    [InlineData("PS256")]
    [InlineData("RS512")]
    [InlineData("EdDSA")]
    public void RsaKey_StatingAnotherAlgorithm_IsSkipped(string alg)
    {
        using var rsa = RSA.Create(2048);
        JwkConverter.Convert(Rsa(rsa.ExportParameters(false), alg)).ShouldBeNull();
    }

    [Fact]
    public void P256Key_BecomesAnEs256Key()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var key = JwkConverter.Convert(Ec(ec.ExportParameters(false), "P-256")).ShouldNotBeNull();

        key.Algorithm.ShouldBe("ES256");
        var converted = key.Key.ShouldBeOfType<ECDsaSecurityKey>();
        converted.KeyId.ShouldBe("k1");
        converted.ECDsa.ExportParameters(false).Q.X.ShouldBe(ec.ExportParameters(false).Q.X);
    }

    [Fact]
    public void EcKey_OnAnotherCurveOrAlgorithm_IsSkipped()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        JwkConverter.Convert(Ec(p384.ExportParameters(false), "P-384")).ShouldBeNull();

        using var p256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        JwkConverter.Convert(Ec(p256.ExportParameters(false), "P-256", "ES384")).ShouldBeNull();
    }

    [Fact]
    public void EcKey_NotOnTheCurve_IsSkipped()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = ec.ExportParameters(false);
        parameters.Q.Y![0] ^= 0x01;

        JwkConverter.Convert(Ec(parameters, "P-256")).ShouldBeNull();
    }

    [Fact]
    public void SymmetricKey_IsSkipped() =>
        JwkConverter.Convert(new JsonWebKey { Kid = "k1", Kty = "oct", K = Base64UrlEncoder.Encode(new byte[32]) }).ShouldBeNull();

    [Fact]
    public void AllowedAlgorithms_AreExactlyTheThreeAutherSignsWith() =>
        JwkConverter.AllowedAlgorithms.ShouldBe(["EdDSA", "RS256", "ES256"]);

    private static JsonWebKey Okp(string? kid = "k1", string? use = null, string crv = "Ed25519", string? alg = null, string x = Ed25519X) =>
        new() { Kid = kid, Use = use, Kty = "OKP", Crv = crv, Alg = alg, X = x };

    private static JsonWebKey Rsa(RSAParameters parameters, string? alg = null) =>
        new() { Kid = "k1", Kty = "RSA", Alg = alg, N = Base64UrlEncoder.Encode(parameters.Modulus), E = Base64UrlEncoder.Encode(parameters.Exponent) };

    private static JsonWebKey Ec(ECParameters parameters, string crv, string? alg = null) =>
        new() { Kid = "k1", Kty = "EC", Crv = crv, Alg = alg, X = Base64UrlEncoder.Encode(parameters.Q.X), Y = Base64UrlEncoder.Encode(parameters.Q.Y) };
}
