using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Auther.Dev.Tests.Infrastructure;

/// <summary>Validates RS256 / ES256 tokens the way the app's JWT bearer handler does: Microsoft.IdentityModel over the published JWKS.</summary>
public static class IdentityModelVerifier
{
    public static Task<TokenValidationResult> ValidateAsync(string token, string jwksJson, string issuer, string audience) =>
        new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = audience,
            IssuerSigningKeys = new JsonWebKeySet(jwksJson).GetSigningKeys(),
            ValidAlgorithms = ["RS256", "ES256"],
        });
}
