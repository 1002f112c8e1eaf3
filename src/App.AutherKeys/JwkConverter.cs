using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace App.AutherKeys;

/// <summary>
/// Turns published JWKs into verification keys, accepting exactly what Auther signs with: Ed25519 (OKP),
/// RSA (RS256) and P-256 (ES256). Anything else (symmetric keys, other curves, encryption keys) is skipped.
/// </summary>
public static class JwkConverter
{
    public static readonly IReadOnlyList<string> AllowedAlgorithms = [Ed25519SecurityKey.Algorithm, SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256];

    public static SigningKey? Convert(JsonWebKey jwk)
    {
        if (string.IsNullOrEmpty(jwk.Kid) || (!string.IsNullOrEmpty(jwk.Use) && jwk.Use != "sig"))
        {
            return null;
        }

        try
        {
            return jwk.Kty switch
            {
                "OKP" when jwk.Crv == "Ed25519" && Accepts(jwk, Ed25519SecurityKey.Algorithm) =>
                    new SigningKey(new Ed25519SecurityKey(Base64UrlEncoder.DecodeBytes(jwk.X), jwk.Kid), Ed25519SecurityKey.Algorithm),
                JsonWebAlgorithmsKeyTypes.RSA when Accepts(jwk, SecurityAlgorithms.RsaSha256) && RsaIsStrong(jwk) =>
                    new SigningKey(new RsaSecurityKey(new RSAParameters
                    {
                        Modulus = Base64UrlEncoder.DecodeBytes(jwk.N),
                        Exponent = Base64UrlEncoder.DecodeBytes(jwk.E),
                    }) { KeyId = jwk.Kid }, SecurityAlgorithms.RsaSha256),
                JsonWebAlgorithmsKeyTypes.EllipticCurve when jwk.Crv == "P-256" && Accepts(jwk, SecurityAlgorithms.EcdsaSha256) =>
                    new SigningKey(new ECDsaSecurityKey(ECDsa.Create(new ECParameters
                    {
                        Curve = ECCurve.NamedCurves.nistP256,
                        Q = new ECPoint { X = Base64UrlEncoder.DecodeBytes(jwk.X), Y = Base64UrlEncoder.DecodeBytes(jwk.Y) },
                    })) { KeyId = jwk.Kid }, SecurityAlgorithms.EcdsaSha256),
                _ => null,
            };
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException or ArgumentException)
        // Stryker disable once Block: an emptied block becomes "return default;", which is this null.
        {
            return null;
        }
    }

    private static bool Accepts(JsonWebKey jwk, string algorithm) => string.IsNullOrEmpty(jwk.Alg) || jwk.Alg == algorithm;

    private static bool RsaIsStrong(JsonWebKey jwk) => Base64UrlEncoder.DecodeBytes(jwk.N).Length * 8 >= 2048;
}

/// <summary>A verification key and the one algorithm it may be used with (a kid never lends itself to another alg).</summary>
public sealed record SigningKey(SecurityKey Key, string Algorithm);
