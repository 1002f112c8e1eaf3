using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Auther.Dev.Shared;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Auther.Dev.Keys;

/// <summary>Key generation, signing and public JWKs for the three algorithms.</summary>
internal static class KeyMaterial
{
    public static StoredKey Generate(KeyAlgorithm algorithm, DateTimeOffset now)
    {
        var privateKey = algorithm switch
        {
            // Any 32 random bytes are a valid Ed25519 seed.
            KeyAlgorithm.EdDSA => RandomNumberGenerator.GetBytes(32),
            KeyAlgorithm.RS256 => Export(RSA.Create(2048)),
            KeyAlgorithm.ES256 => Export(ECDsa.Create(ECCurve.NamedCurves.nistP256)),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
        };
        return new StoredKey(Ids.New(), algorithm, now, Convert.ToBase64String(privateKey));
    }

    /// <summary>The JWS signature over <paramref name="signingInput"/> (ES256 in JOSE's fixed r||s form).</summary>
    public static byte[] Sign(StoredKey key, byte[] signingInput)
    {
        var privateKey = Convert.FromBase64String(key.PrivateKey);
        switch (key.Algorithm)
        {
            case KeyAlgorithm.EdDSA:
                var signer = new Ed25519Signer();
                signer.Init(true, new Ed25519PrivateKeyParameters(privateKey, 0));
                signer.BlockUpdate(signingInput, 0, signingInput.Length);
                return signer.GenerateSignature();
            case KeyAlgorithm.RS256:
                using (var rsa = RSA.Create())
                {
                    rsa.ImportPkcs8PrivateKey(privateKey, out _);
                    return rsa.SignData(signingInput, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                }

            case KeyAlgorithm.ES256:
                using (var ec = ECDsa.Create())
                {
                    ec.ImportPkcs8PrivateKey(privateKey, out _);
                    return ec.SignData(signingInput, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(key));
        }
    }

    /// <summary>
    /// The public JWK as better-auth publishes it (jose's exportJWK plus kid and alg). Like deployed Auther,
    /// no <c>use</c> member, for any algorithm.
    /// </summary>
    public static JsonObject PublicJwk(StoredKey key)
    {
        var privateKey = Convert.FromBase64String(key.PrivateKey);
        JsonObject jwk;
        switch (key.Algorithm)
        {
            case KeyAlgorithm.EdDSA:
                var publicKey = new Ed25519PrivateKeyParameters(privateKey, 0).GeneratePublicKey().GetEncoded();
                jwk = new JsonObject { ["crv"] = "Ed25519", ["x"] = B64(publicKey), ["kty"] = "OKP" };
                break;
            case KeyAlgorithm.RS256:
                using (var rsa = RSA.Create())
                {
                    rsa.ImportPkcs8PrivateKey(privateKey, out _);
                    var p = rsa.ExportParameters(false);
                    jwk = new JsonObject { ["kty"] = "RSA", ["n"] = B64(p.Modulus!), ["e"] = B64(p.Exponent!) };
                }

                break;
            case KeyAlgorithm.ES256:
                using (var ec = ECDsa.Create())
                {
                    ec.ImportPkcs8PrivateKey(privateKey, out _);
                    var p = ec.ExportParameters(false);
                    jwk = new JsonObject { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = B64(p.Q.X!), ["y"] = B64(p.Q.Y!) };
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(key));
        }

        jwk["alg"] = key.Algorithm.ToString();
        jwk["kid"] = key.Kid;
        return jwk;
    }

    private static string B64(byte[] bytes) => Base64Url.EncodeToString(bytes);

    private static byte[] Export(AsymmetricAlgorithm key)
    {
        using (key)
        {
            return key.ExportPkcs8PrivateKey();
        }
    }
}
