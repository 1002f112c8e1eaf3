using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using App.Api.Auth;
using App.Api.Auth.Jwks;
using App.Api.Auth.Jwt;
using App.Tests.Infrastructure;
using Auther.Dev.Keys;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace App.Tests.Auth;

/// <summary>
/// Only EdDSA, RS256 and ES256 are accepted, even from a key the app trusts. The local Auther keeps its keys in a
/// state file here, so the tests hold the private halves of a published RSA and P-256 key and can sign real
/// tokens with every other algorithm those keys can make: each must be refused for its algorithm alone.
/// </summary>
public sealed class AlgorithmAllowListTests(PublishedKeyFileFixture api) : IClassFixture<PublishedKeyFileFixture>
{
    public static TheoryData<string, KeyAlgorithm> RefusedAlgorithms => new()
    {
        { "PS256", KeyAlgorithm.RS256 }, { "PS384", KeyAlgorithm.RS256 }, { "PS512", KeyAlgorithm.RS256 },
        { "RS384", KeyAlgorithm.RS256 }, { "RS512", KeyAlgorithm.RS256 },
        { "ES384", KeyAlgorithm.ES256 }, { "ES512", KeyAlgorithm.ES256 },
        { "HS256", KeyAlgorithm.RS256 }, { "HS256", KeyAlgorithm.ES256 }, { "HS384", KeyAlgorithm.RS256 }, { "HS512", KeyAlgorithm.ES256 },
        { "none", KeyAlgorithm.RS256 },
    };

    /// <summary>Really signed by the published key's private half, only under another algorithm than its own.</summary>
    public static TheoryData<string, KeyAlgorithm> SignedWithAnotherAlgorithm => new()
    {
        { "PS256", KeyAlgorithm.RS256 }, { "PS384", KeyAlgorithm.RS256 }, { "PS512", KeyAlgorithm.RS256 },
        { "RS384", KeyAlgorithm.RS256 }, { "RS512", KeyAlgorithm.RS256 },
        { "ES384", KeyAlgorithm.ES256 }, { "ES512", KeyAlgorithm.ES256 },
    };

    [Theory]
    [InlineData("RS256", KeyAlgorithm.RS256)]
    [InlineData("ES256", KeyAlgorithm.ES256)]
    public async Task TheTestsOwnSignatures_WithAnAcceptedAlgorithm_Verify(string alg, KeyAlgorithm keyAlgorithm)
    {
        using var response = await api.ClientWith(Sign(alg, keyAlgorithm)).GetAsync("/api/me");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(RefusedAlgorithms))]
    public async Task TokenSignedByAPublishedKey_WithAnotherAlgorithm_Is401BadAlgorithm(string alg, KeyAlgorithm keyAlgorithm)
    {
        using var response = await api.ClientWith(Sign(alg, keyAlgorithm)).GetAsync("/api/me");

        (await ProblemAssert.IsProblemAsync(response, 401)).GetProperty("code").GetString().ShouldBe("bad_algorithm");
    }

    [Theory]
    [MemberData(nameof(SignedWithAnotherAlgorithm))]
    public async Task JwtBearersOwnValidation_RefusesTheAlgorithm_WithoutThePrecheck(string alg, KeyAlgorithm keyAlgorithm)
    {
        // The pre-check answers first in the app; this is the line behind it, the handler's own parameters. The
        // same token passes once its algorithm is added to them: the algorithm alone is what refuses it.
        var parameters = api.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(AuthSchemes.Jwt).TokenValidationParameters.Clone();
        var keys = await api.Services.GetRequiredService<AutherJwks>().GetKeySetAsync(CancellationToken.None);
        parameters.IssuerSigningKeys = keys.Configuration.SigningKeys;
        var token = Sign(alg, keyAlgorithm);

        var refused = await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);
        parameters.ValidAlgorithms = [.. parameters.ValidAlgorithms, alg];
        var allowed = await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);

        refused.IsValid.ShouldBeFalse();
        allowed.IsValid.ShouldBeTrue(allowed.Exception?.Message);
    }

    [Theory]
    [InlineData("PS256")]
    [InlineData("PS384")]
    [InlineData("RS384")]
    [InlineData("RS512")]
    [InlineData("ES384")]
    [InlineData("ES512")]
    [InlineData("HS256")]
    [InlineData("HS512")]
    [InlineData("none")]
    [InlineData("eddsa")]
    [InlineData("Ed25519")]
    public void ThePrecheck_RefusesEveryOtherAlgorithm_ForAKidItDoesNotKnow(string alg)
    {
        // The first line, on its own: a kid it has no key for cannot pin the algorithm, only the list can.
        static string Token(string alg) => $"{B64(JsonSerializer.Serialize(new { alg, kid = "unknown" }))}.{B64("{}")}.c2ln";

        TokenPrecheck.Check(Token(alg), 16_384, null, out _).ShouldBe(TokenRejection.BadAlgorithm);
        TokenPrecheck.Check(Token("EdDSA"), 16_384, null, out _).ShouldBeNull();
    }

    private string Sign(string alg, KeyAlgorithm keyAlgorithm)
    {
        var (kid, privateKey, publicJwk) = api.Key(keyAlgorithm);
        var header = B64(JsonSerializer.Serialize(new { alg, kid }));
        var now = DateTimeOffset.UtcNow;
        var payload = B64(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["sub"] = TestData.NewUserId(), ["iss"] = api.Auther.Issuer, ["aud"] = ApiFixture.Audience,
            ["iat"] = now.ToUnixTimeSeconds(), ["exp"] = now.AddMinutes(30).ToUnixTimeSeconds(), ["jti"] = Guid.NewGuid().ToString("N"),
        }));
        var input = Encoding.ASCII.GetBytes($"{header}.{payload}");
        var signature = alg switch
        {
            "none" => [],
            // Key confusion: the published public key used as an HMAC secret.
            ['H', 'S', ..] => CryptographicOperations.HmacData(Hash(alg), Encoding.UTF8.GetBytes(publicJwk), input),
            ['R', 'S', ..] => SignRsa(privateKey, input, Hash(alg), RSASignaturePadding.Pkcs1),
            ['P', 'S', ..] => SignRsa(privateKey, input, Hash(alg), RSASignaturePadding.Pss),
            _ => SignEc(privateKey, input, Hash(alg)),
        };
        return $"{header}.{payload}.{Base64UrlEncoder.Encode(signature)}";
    }

    private static HashAlgorithmName Hash(string alg) => alg[2..] switch
    {
        "256" => HashAlgorithmName.SHA256,
        "384" => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };

    private static byte[] SignRsa(byte[] pkcs8, byte[] input, HashAlgorithmName hash, RSASignaturePadding padding)
    {
        using var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(pkcs8, out _);
        return rsa.SignData(input, hash, padding);
    }

    // A P-256 key signs a SHA-384 or SHA-512 digest too (truncated to the curve's size): ES384/ES512 in name only.
    private static byte[] SignEc(byte[] pkcs8, byte[] input, HashAlgorithmName hash)
    {
        using var ec = ECDsa.Create();
        ec.ImportPkcs8PrivateKey(pkcs8, out _);
        return ec.SignData(input, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    private static string B64(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
}

/// <summary>
/// A local Auther publishing an RSA and a P-256 key, whose state file (development keys in the clear) the tests
/// read to sign with those keys themselves.
/// </summary>
public sealed class PublishedKeyFileFixture : ApiFixture
{
    private readonly string _stateFile;

    public PublishedKeyFileFixture()
        : this(Path.Combine(Path.GetTempPath(), $"auther-keys-{Guid.NewGuid():N}.json"))
    {
    }

    private PublishedKeyFileFixture(string stateFile)
        : base(new() { Auther = o => { o.Algorithm = KeyAlgorithm.RS256; o.StateFile = stateFile; } }) => _stateFile = stateFile;

    /// <summary>The published key of <paramref name="algorithm"/>: its kid, PKCS#8 private key and public JWK as published.</summary>
    public (string Kid, byte[] PrivateKey, string PublicJwk) Key(KeyAlgorithm algorithm)
    {
        var published = Auther.PublishedKeys.First(k => k.Algorithm == algorithm);
        using var state = JsonDocument.Parse(File.ReadAllText(_stateFile));
        var stored = state.RootElement.GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("kid").GetString() == published.Kid);
        return (published.Kid, Convert.FromBase64String(stored.GetProperty("privateKey").GetString()!), published.PublicJwk);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        File.Delete(_stateFile);
    }

    // The RSA key stays published through its grace period beside the new current P-256 key.
    protected override void BeforeInstances() => Auther.RotateKey(KeyAlgorithm.ES256);
}
