using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using App.Tests.Infrastructure;

namespace App.Tests.Auth;

/// <summary>
/// Correctly signed tokens whose claims would slip past a check (third hostile round, items 7 and 11):
/// NumericDate claims that are not numbers, a negative iat, a jti the revocation list cannot hold.
/// </summary>
public sealed class HostileClaimsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly long Now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>
    /// The strings and the negative iat got through before; IdentityModel itself refuses the others as malformed.
    /// A string date is written as seconds from now (<c>{0}</c> in the JSON), so the cases are named the same in
    /// every process: Stryker discovers the tests in one and runs them in another.
    /// </summary>
    public static TheoryData<string, string, long, string> NotNumbers => new()
    {
        { "iat", "\"{0}\"", 0, "bad_claims" },
        { "exp", "\"{0}\"", 10 * 365 * 86_400, "bad_claims" },
        { "exp", "\"{0}\"", 600, "bad_claims" },
        { "nbf", "\"{0}\"", -60, "bad_claims" },
        { "iat", "-1", 0, "bad_claims" },
        { "iat", "null", 0, "malformed" },
        { "iat", "true", 0, "malformed" },
        { "iat", "[1]", 0, "malformed" },
    };

    [Theory]
    [MemberData(nameof(NotNumbers))]
    public async Task ANumericDateThatIsNotANonNegativeNumber_Is401(string claim, string json, long secondsFromNow, string code)
    {
        var value = string.Format(CultureInfo.InvariantCulture, json, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + secondsFromNow);
        var token = api.TokenFor(TestData.NewUserId(), r => r with
        {
            ExtraClaims = new Dictionary<string, object?> { [claim] = JsonDocument.Parse(value).RootElement.Clone() },
        });

        var problem = await ProblemAssert.IsProblemAsync(await api.ClientWith(token).GetAsync("/api/me"), 401);

        problem.GetProperty("code").GetString().ShouldBe(code);
    }

    [Fact]
    public async Task IatInMilliseconds_IsNormalised_NeverRefused()
    {
        var token = api.TokenFor(TestData.NewUserId(), r => r with
        {
            ExtraClaims = new Dictionary<string, object?> { ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), ["nbf"] = Now - 5 },
        });

        using var response = await api.ClientWith(token).GetAsync("/api/me");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>Refused rather than accepted and unrevocable: revocation stores the jti in a 255-character column.</summary>
    [Fact]
    public async Task AJtiLongerThan255_Is401BadClaims()
    {
        var token = api.TokenFor(TestData.NewUserId(), r => r with { ExtraClaims = new Dictionary<string, object?> { ["jti"] = new string('j', 256) } });

        var problem = await ProblemAssert.IsProblemAsync(await api.ClientWith(token).GetAsync("/api/me"), 401);

        problem.GetProperty("code").GetString().ShouldBe("bad_claims");
    }

    [Fact]
    public async Task AJtiOf255_IsAccepted_AndCanBeRevoked()
    {
        var jti = new string('k', 250) + Guid.NewGuid().ToString("N")[..5];
        var token = api.TokenFor(TestData.NewUserId(), r => r with { ExtraClaims = new Dictionary<string, object?> { ["jti"] = jti } });
        (await api.ClientWith(token).GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var admin = api.ClientFor(TestData.NewUserId(), "token:revoke");

        (await admin.PostAsJsonAsync("/api/admin/tokens/revoke", new { jti })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var status = await Eventually.ReturnsAsync(async () => (await api.ClientWith(token).GetAsync("/api/me")).StatusCode, s => s == HttpStatusCode.Unauthorized);
        status.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
