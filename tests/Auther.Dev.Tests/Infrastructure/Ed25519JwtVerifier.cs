using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Auther.Dev.Tests.Infrastructure;

/// <summary>
/// Verifies an EdDSA token against a published JWKS, independently of the server's signing code:
/// Microsoft.IdentityModel has no Ed25519, so this is what the app itself has to do too.
/// </summary>
public static class Ed25519JwtVerifier
{
    public static bool Verify(string token, string jwksJson)
    {
        var parts = token.Split('.');
        var header = Jwt.Header(token);
        if (parts.Length != 3 || header.GetProperty("alg").GetString() != "EdDSA")
        {
            return false;
        }

        var kid = header.GetProperty("kid").GetString();
        using var jwks = JsonDocument.Parse(jwksJson);
        var jwk = jwks.RootElement.GetProperty("keys").EnumerateArray()
            .FirstOrDefault(k => k.GetProperty("kid").GetString() == kid);
        if (jwk.ValueKind != JsonValueKind.Object || jwk.GetProperty("kty").GetString() != "OKP" || jwk.GetProperty("crv").GetString() != "Ed25519")
        {
            return false;
        }

        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(Base64Url.DecodeFromChars(jwk.GetProperty("x").GetString()), 0));
        var signingInput = Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}");
        verifier.BlockUpdate(signingInput, 0, signingInput.Length);
        return verifier.VerifySignature(Base64Url.DecodeFromChars(parts[2]));
    }
}
