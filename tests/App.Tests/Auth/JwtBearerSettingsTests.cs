using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using App.Api.Auth;
using App.Api.IdentityProvider;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace App.Tests.Auth;

/// <summary>
/// JwtBearer's own validation as <see cref="AuthenticationSetup"/> configures it: the line behind the app's pre-check,
/// which also answers for what the pre-check never looks at (lifetime, the kid's key, the size the handler reads). Each
/// test builds the options afresh from the app's registrations and hands tokens, signed here with a P-256 key the
/// parameters trust, to the JwtBearer scheme's own token handler. Each refused token passes once the one setting it
/// tests is set otherwise, so that setting alone is what refuses it.
/// </summary>
public sealed class JwtBearerSettingsTests : IDisposable
{
    private const string Issuer = "https://auth.example.com";
    private const string Audience = "app-api";
    private const string Kid = "p256-1";

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly List<ServiceProvider> _providers = [];

    public void Dispose()
    {
        _key.Dispose();
        foreach (var provider in _providers)
        {
            provider.Dispose();
        }
    }

    [Fact]
    public async Task AWellFormedToken_IsValid()
    {
        var (handler, parameters) = JwtBearer();

        var result = await handler.ValidateTokenAsync(Sign(Claims()), parameters);

        result.IsValid.ShouldBeTrue(result.Exception?.Message);
    }

    [Fact]
    public async Task ExpiredAMinuteAgo_IsRefused_TheSkewIsAuthClockSkew_NotJwtBearersFiveMinutes()
    {
        var (handler, parameters) = JwtBearer();
        var now = DateTimeOffset.UtcNow;
        var token = Sign(Claims(iat: now.AddMinutes(-10), exp: now.AddMinutes(-1)));

        var refused = await handler.ValidateTokenAsync(token, parameters);
        parameters.ClockSkew = TimeSpan.FromMinutes(5);
        var allowed = await handler.ValidateTokenAsync(token, parameters);

        refused.Exception.ShouldBeOfType<SecurityTokenExpiredException>();
        allowed.IsValid.ShouldBeTrue(allowed.Exception?.Message);
    }

    [Fact]
    public async Task NotValidForAnotherMinute_IsRefused_TheSkewIsAuthClockSkew()
    {
        var (handler, parameters) = JwtBearer();
        var claims = Claims();
        claims["nbf"] = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds();

        var result = await handler.ValidateTokenAsync(Sign(claims), parameters);

        result.Exception.ShouldBeOfType<SecurityTokenNotYetValidException>();
    }

    [Fact]
    public async Task SignedByATrustedKey_UnderAKidNoKeyHas_IsRefused_NoKeyIsTriedButTheOneNamed()
    {
        // Auther always names its key: a token whose kid names none is refused as an unknown key (and the app
        // refreshes its JWKS for it), never verified against every published key in turn.
        var (handler, parameters) = JwtBearer();
        var token = Sign(Claims(), kid: "not-published");

        var refused = await handler.ValidateTokenAsync(token, parameters);
        parameters.TryAllIssuerSigningKeys = true;
        var allowed = await handler.ValidateTokenAsync(token, parameters);

        refused.Exception.ShouldBeOfType<SecurityTokenSignatureKeyNotFoundException>();
        allowed.IsValid.ShouldBeTrue(allowed.Exception?.Message);
    }

    [Fact]
    public async Task AnUnsignedToken_IsRefused_WithoutThePrecheck()
    {
        var (handler, parameters) = JwtBearer();
        var token = $"{B64("""{"alg":"none","typ":"JWT"}""")}.{B64(JsonSerializer.Serialize(Claims()))}.";

        var refused = await handler.ValidateTokenAsync(token, parameters);
        parameters.RequireSignedTokens = false;
        var allowed = await handler.ValidateTokenAsync(token, parameters);

        refused.IsValid.ShouldBeFalse();
        allowed.IsValid.ShouldBeTrue(allowed.Exception?.Message);
    }

    [Fact]
    public async Task ATokenWithoutExp_IsRefused()
    {
        var (handler, parameters) = JwtBearer();
        var claims = Claims();
        claims.Remove("exp");
        var token = Sign(claims);

        var refused = await handler.ValidateTokenAsync(token, parameters);
        parameters.RequireExpirationTime = false;
        var allowed = await handler.ValidateTokenAsync(token, parameters);

        refused.Exception.ShouldBeOfType<SecurityTokenNoExpirationException>();
        allowed.IsValid.ShouldBeTrue(allowed.Exception?.Message);
    }

    [Theory]
    [InlineData("https://evil.example.com", Audience)]
    [InlineData(Issuer, "another-api")]
    public async Task AnotherIssuerOrAudience_IsRefused(string issuer, string audience)
    {
        var (handler, parameters) = JwtBearer();
        var claims = Claims();
        claims["iss"] = issuer;
        claims["aud"] = audience;

        var result = await handler.ValidateTokenAsync(Sign(claims), parameters);

        result.IsValid.ShouldBeFalse();
    }

    [Fact]
    public async Task AKeyUsedUnderAnAlgorithmOutsideTheList_IsRefused()
    {
        var (handler, parameters) = JwtBearer();
        var token = Sign(Claims(), alg: "ES384");

        var refused = await handler.ValidateTokenAsync(token, parameters);
        parameters.ValidAlgorithms = [.. parameters.ValidAlgorithms, "ES384"];
        var allowed = await handler.ValidateTokenAsync(token, parameters);

        refused.IsValid.ShouldBeFalse();
        allowed.IsValid.ShouldBeTrue(allowed.Exception?.Message);
    }

    /// <summary>
    /// The token's claims keep the names Auther gave them (sub, email, role), not the WS-Federation URIs IdentityModel
    /// maps them to by default: the claims of every authenticated request are these.
    /// </summary>
    [Fact]
    public async Task TheValidatedClaims_KeepTheTokensNames()
    {
        var (handler, parameters) = JwtBearer();
        var claims = Claims();
        claims["email"] = "jane@example.com";
        claims["role"] = "admin";

        var result = await handler.ValidateTokenAsync(Sign(claims), parameters);

        result.IsValid.ShouldBeTrue(result.Exception?.Message);
        result.ClaimsIdentity.Claims.Where(c => c.Type is "sub" or "email" or "role").Select(c => $"{c.Type}={c.Value}")
            .ShouldBe(["sub=user-1", "email=jane@example.com", "role=admin"], ignoreOrder: true);
    }

    [Fact]
    public async Task ATokenOverAuthMaxTokenBytes_IsRefusedByTheHandlerToo()
    {
        // 20,000 characters: over the default 16 KiB cap, under the handler's own default of 250 KB.
        var (handler, parameters) = JwtBearer();
        var claims = Claims();
        claims["padding"] = new string('x', 20_000);

        var result = await handler.ValidateTokenAsync(Sign(claims), parameters);

        result.IsValid.ShouldBeFalse();
    }

    [Fact]
    public async Task ATokenUnderARaisedAuthMaxTokenBytes_IsValid_BeyondTheHandlersOwnDefault()
    {
        var (handler, parameters) = JwtBearer(new() { ["Auth:MaxTokenBytes"] = "1048576" });
        var claims = Claims();
        claims["padding"] = new string('x', 300_000);

        var result = await handler.ValidateTokenAsync(Sign(claims), parameters);

        result.IsValid.ShouldBeTrue(result.Exception?.Message);
    }

    /// <summary>
    /// The JwtBearer scheme's options as the app builds them (every configuration of the app's registrations run
    /// again, here and now), its token handler, and its parameters with the test's key as the only signing key.
    /// </summary>
    private (JsonWebTokenHandler Handler, TokenValidationParameters Parameters) JwtBearer(Dictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auther:Url"] = Issuer,
            ["Auther:Issuers:0"] = Issuer,
            ["Auther:Audience"] = Audience,
        }).AddInMemoryCollection(settings ?? []).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddMetrics();
        services.AddOptions<AutherOptions>().BindConfiguration(AutherOptions.SectionName);
        services.AddAppAuthentication();
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);

        var options = provider.GetRequiredService<IOptionsFactory<JwtBearerOptions>>().Create(AuthSchemes.Jwt);
        var parameters = options.TokenValidationParameters.Clone();
        parameters.IssuerSigningKeys = [new ECDsaSecurityKey(_key) { KeyId = Kid }];
        return (options.TokenHandlers.OfType<JsonWebTokenHandler>().Single(), parameters);
    }

    private static Dictionary<string, object> Claims(DateTimeOffset? iat = null, DateTimeOffset? exp = null)
    {
        var now = DateTimeOffset.UtcNow;
        return new Dictionary<string, object>
        {
            ["sub"] = "user-1",
            ["iss"] = Issuer,
            ["aud"] = Audience,
            ["iat"] = (iat ?? now).ToUnixTimeSeconds(),
            ["exp"] = (exp ?? now.AddMinutes(30)).ToUnixTimeSeconds(),
        };
    }

    private string Sign(Dictionary<string, object> claims, string kid = Kid, string alg = "ES256")
    {
        var input = $"{B64(JsonSerializer.Serialize(new { alg, kid, typ = "JWT" }))}.{B64(JsonSerializer.Serialize(claims))}";
        var hash = alg == "ES384" ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;
        var signature = _key.SignData(Encoding.ASCII.GetBytes(input), hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{input}.{Base64UrlEncoder.Encode(signature)}";
    }

    private static string B64(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
}
